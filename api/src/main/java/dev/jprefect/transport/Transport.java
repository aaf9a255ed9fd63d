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

    /** Releases the transport's resources; requests sent afterwards fail. Idempotent. */
    @Override
    void close();
}
