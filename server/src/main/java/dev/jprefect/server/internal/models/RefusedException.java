package dev.jprefect.server.internal.models;

/**
 * A request was well formed but asks for something the model refuses, e.g. changing job
 * variables of a run that is not scheduled: Prefect answers 400 with this message as the detail.
 */
public final class RefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RefusedException(String message) {
        super(message, null, false, false);
    }
}
