package dev.jprefect.transport;

import java.util.concurrent.CompletableFuture;

/**
 * Carries {@link ApiRequest}s to one Prefect API and brings back its {@link ApiResponse}s.
 *
 * <p>Open one with {@link Transports#open(TransportConfig)}, which picks a
 * {@link dev.jprefect.transport.spi.TransportProvider} by the API URL's scheme. A transport does no
 * retrying and no status checking: that is the client's pipeline, the same above every transport.
 * Failures to carry a request complete the future exceptionally with a {@link TransportException}
 * whose {@link TransportException#kind() kind} says what went wrong. A transport is thread-safe.
 */
public interface Transport extends AutoCloseable {

    /**
     * Sends {@code request}; the future completes with whatever response the server gave, or
     * exceptionally with a {@link TransportException}. The request's URI is absolute and lies under
     * the API URL the transport was opened for.
     */
    CompletableFuture<ApiResponse> send(ApiRequest request);

    /**
     * Opens a stream to the endpoint {@code request} names (a GET; over HTTP, a WebSocket upgrade
     * whose {@code Sec-WebSocket-Protocol} header offers subprotocols). The future completes with
     * the client's end once the server has accepted, or fails with a {@link TransportException}: the
     * kinds of {@link #send}, and {@link TransportException.Kind#PROTOCOL_ERROR} when the server
     * has no stream there. Closing the transport drops its open streams.
     *
     * <p>By default a transport has no streams: the future fails with an
     * {@link UnsupportedOperationException} that names the transport. Transports written before
     * streams existed keep compiling and say so clearly.
     */
    default CompletableFuture<MessageChannel> openStream(ApiRequest request) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("the transport "
                + getClass().getName() + " has no streams: it cannot open " + request.uri()
                + "; use a transport that implements Transport.openStream (jprefect's in-memory and HTTP transports do)"));
    }

    /** Releases the transport's resources; requests sent afterwards fail. Idempotent. */
    @Override
    void close();
}
