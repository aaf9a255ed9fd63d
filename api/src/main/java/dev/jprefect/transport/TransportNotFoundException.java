package dev.jprefect.transport;

/**
 * No {@link dev.jprefect.transport.spi.TransportProvider} fits the API URL or the provider named in
 * settings. The message names the URL, the providers found and the module to add.
 */
public final class TransportNotFoundException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what to fix. */
    public TransportNotFoundException(String message) {
        super(message);
    }
}
