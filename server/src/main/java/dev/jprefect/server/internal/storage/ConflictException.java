package dev.jprefect.server.internal.storage;

/**
 * A write broke a storage constraint: a unique key already taken, or a reference to a row that does
 * not exist. The API answers 409, as Prefect does for a database integrity error.
 */
public final class ConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message, null, false, false);
    }
}
