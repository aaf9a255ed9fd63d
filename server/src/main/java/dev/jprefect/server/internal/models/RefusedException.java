package dev.jprefect.server.internal.models;

/**
 * A request was well formed but asks for something the model refuses, e.g. changing job
 * variables of a run that is not scheduled: Prefect answers with a status (400 unless said
 * otherwise) and this message as the detail.
 */
public final class RefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /** A refusal Prefect answers 400. */
    public RefusedException(String message) {
        this(400, message);
    }

    /** A refusal Prefect answers with {@code status} (404 for something named that is missing, 409, 422). */
    public RefusedException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** Returns the HTTP status of Prefect's answer. */
    public int status() {
        return status;
    }
}
