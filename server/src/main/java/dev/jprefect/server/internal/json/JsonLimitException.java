package dev.jprefect.server.internal.json;

/**
 * Well-formed JSON the reader will not read: an integer literal longer than
 * {@link Json#MAX_INT_DIGITS} digits. Python's {@code json} module refuses it too (with a
 * {@code ValueError}, not a syntax error), so FastAPI answers 400 "There was an error parsing the body".
 */
public final class JsonLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JsonLimitException(String message) {
        super(message, null, false, false);
    }
}
