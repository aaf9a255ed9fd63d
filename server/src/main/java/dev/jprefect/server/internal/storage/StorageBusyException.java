package dev.jprefect.server.internal.storage;

/** Storage could not be reached in time; the API answers 503 so the client retries. */
public class StorageBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageBusyException(String message) {
        super(message, null, false, false);
    }
}
