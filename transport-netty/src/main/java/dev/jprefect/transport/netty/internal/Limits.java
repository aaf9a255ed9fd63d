package dev.jprefect.transport.netty.internal;

import java.time.Duration;

/**
 * The limits a server puts on every connection, fixed when it starts; {@code NettyServer.Builder}
 * documents each one and its setting.
 *
 * @param maxBodyBytes the largest request body; a larger one is answered 413
 * @param maxConnections connections open at once; one more is answered 503 and closed
 * @param bodyMemoryBudget bytes of request bodies held at once across all connections; a request
 *     that would go over it is answered 503 with {@code Retry-After}
 * @param keepAliveTimeout how long a connection may wait for its next request
 * @param headerTimeout how long a request's line and headers may take from its first byte
 * @param bodyTimeout how long a request's body may take from the end of its headers
 * @param webSocketIdleTimeout how long a WebSocket may go without a frame from its client (half of
 *     it without one, the server pings; the whole of it, it closes the stream with 1001)
 */
public record Limits(int maxBodyBytes, int maxConnections, long bodyMemoryBudget, Duration keepAliveTimeout,
                     Duration headerTimeout, Duration bodyTimeout, Duration webSocketIdleTimeout) {
}
