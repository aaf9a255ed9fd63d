package dev.jprefect.server.internal.schema;

import java.util.List;

/** A request value broke its schema; carries every {@link Problem} found, for one 422 response. */
public final class ValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public ValidationException(List<Problem> problems) {
        super(problems.size() + " validation problem(s), first: " + (problems.isEmpty() ? "none" : problems.get(0)),
                null, false, false);
        this.problems = List.copyOf(problems);
    }

    /** Returns the problems, in the order they were found. */
    public List<Problem> problems() {
        return problems;
    }
}
