package dev.jprefect.client;

/**
 * The client could not do what was asked: the API could not be reached (the cause is then a
 * {@link dev.jprefect.transport.TransportException}), the configuration is wrong, or the server's
 * answer could not be read. The message names what is at fault (URL, setting, module).
 */
public class PrefectClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what to fix. */
    public PrefectClientException(String message) {
        super(message);
    }

    /** Creates the exception with a message that says what to fix, and its cause. */
    public PrefectClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
