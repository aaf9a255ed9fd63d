package dev.jprefect.server.internal.json;

/**
 * Malformed JSON: where it first goes wrong (a character offset, as Python's {@code json} module
 * counts it) and what was expected there, in the words FastAPI puts into a {@code json_invalid}
 * validation error.
 */
public final class JsonSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int position;
    private final String error;

    JsonSyntaxException(int position, String error) {
        super(error + " at character " + position, null, false, false);
        this.position = position;
        this.error = error;
    }

    /** Returns the offset of the first offending character, from 0. */
    public int position() {
        return position;
    }

    /** Returns what was expected, e.g. {@code "Expecting value"}. */
    public String error() {
        return error;
    }
}
