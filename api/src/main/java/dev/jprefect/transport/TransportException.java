package dev.jprefect.transport;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;

/**
 * A request could not be carried to the server or its response could not be brought back.
 *
 * <p>The {@link #kind()} tells a retry policy what happened: a refused connection means nothing
 * reached the server, a read timeout or a reset may leave the request's effect unknown.
 */
public final class TransportException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, coarse enough to be the same for every transport. */
    public enum Kind {
        /** Nothing listens at the address, or the in-process app is not registered. */
        CONNECT_REFUSED,
        /** The connection was not established within the connect timeout. */
        CONNECT_TIMEOUT,
        /** The connection was up but the response did not arrive within the request timeout. */
        READ_TIMEOUT,
        /** The peer closed or reset the connection before the response was complete. */
        CONNECTION_RESET,
        /** The peer broke the protocol: a malformed response, a TLS failure, a bad frame. */
        PROTOCOL_ERROR,
        /** The transport was closed before or while the request was sent. */
        CLOSED
    }

    private final Kind kind;
    private final URI uri;

    /** Creates a failure of {@code kind} for a request to {@code uri}. */
    public TransportException(Kind kind, URI uri, String message, Throwable cause) {
        super(describe(kind, uri, message), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.uri = uri;
    }

    /** Returns what went wrong. */
    public Kind kind() {
        return kind;
    }

    /** Returns the URI the request was sent to, or null if it is not known. */
    public URI uri() {
        return uri;
    }

    private static String describe(Kind kind, URI uri, String message) {
        String where = uri == null ? "" : " for " + uri;
        return kind + where + (message == null || message.isEmpty() ? "" : ": " + message);
    }
}
