package dev.jprefect.transport.http.internal;

import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.TransportException;
import dev.jprefect.transport.TransportException.Kind;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;

/** Maps what the JDK HttpClient fails with to the transport-neutral {@link TransportException} kinds. */
final class Failures {

    private Failures() {
    }

    /**
     * Returns {@code error} as a {@link TransportException} for a request to {@code uri}. Errors that
     * are not about carrying the request (bugs, not I/O) are returned unchanged.
     */
    static Throwable toTransportException(Throwable error, URI uri, TransportConfig config) {
        Throwable cause = unwrap(error);
        if (cause instanceof TransportException) {
            return cause;
        }
        Kind kind = kindOf(cause);
        if (kind == null) {
            return cause;
        }
        return new TransportException(kind, uri, explain(kind, cause, config), cause);
    }

    /** Returns the kind of a failure, or null if it is no I/O failure. */
    static Kind kindOf(Throwable failure) {
        // Timeouts first: HttpConnectTimeoutException is an HttpTimeoutException.
        if (has(failure, HttpConnectTimeoutException.class)) {
            return Kind.CONNECT_TIMEOUT;
        }
        if (has(failure, HttpTimeoutException.class)) {
            return Kind.READ_TIMEOUT;
        }
        if (has(failure, SSLException.class) || has(failure, ProtocolException.class)) {
            return Kind.PROTOCOL_ERROR;
        }
        if (has(failure, ConnectException.class) || has(failure, NoRouteToHostException.class)
                || has(failure, UnknownHostException.class) || has(failure, UnresolvedAddressException.class)) {
            return Kind.CONNECT_REFUSED;
        }
        if (has(failure, EOFException.class) || has(failure, ClosedChannelException.class)) {
            return Kind.CONNECTION_RESET;
        }
        if (!(failure instanceof IOException)) {
            return null;
        }
        String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("invalid") || message.contains("malformed") || message.contains("protocol")
                || message.contains("bad ") || message.contains("unexpected")) {
            return Kind.PROTOCOL_ERROR;
        }
        // "connection reset", "broken pipe", "header parser received no bytes", "closed", and the rest:
        // the connection went away, and the request's effect is unknown.
        return Kind.CONNECTION_RESET;
    }

    private static String explain(Kind kind, Throwable cause, TransportConfig config) {
        switch (kind) {
            case CONNECT_TIMEOUT:
                return "no connection within the connect timeout of " + config.connectTimeout() + " (" + cause + ")";
            case READ_TIMEOUT:
                return "no response within the request timeout of " + config.requestTimeout()
                        + " (PREFECT_API_REQUEST_TIMEOUT) (" + cause + ")";
            case CONNECT_REFUSED:
                return "could not connect; is the server running at " + config.apiUrl() + "? (" + cause + ")";
            default:
                return cause.toString();
        }
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
