/**
 * A Netty HTTP/1.1 and WebSocket server that hosts any {@code dev.jprefect.transport.RequestHandler}
 * on a port: what puts the embedded Prefect server (or any handler) on the network. A WebSocket
 * upgrade to a path for which the handler has a {@code StreamHandler} becomes a stream.
 *
 * <p>Exports {@code dev.jprefect.transport.netty} with {@link dev.jprefect.transport.netty.NettyServer}
 * (start, {@code port()}, {@code uri()}, graceful {@code close()}); the pipeline and its handlers live
 * in {@code dev.jprefect.transport.netty.internal}, which is not exported. Uses and provides no
 * service: a client reaches the server with the {@code dev.jprefect.transport.http} module. Its
 * limits are in {@link dev.jprefect.transport.netty.NettyServer.Builder}, which reads them from
 * settings when asked ({@code Builder.settings(Settings)}):
 * {@code PREFECT_SERVER_API_KEEPALIVE_TIMEOUT} (5 s), {@code PREFECT_SERVER_API_HEADER_TIMEOUT}
 * (10 s), {@code PREFECT_SERVER_API_BODY_TIMEOUT} (60 s), {@code PREFECT_SERVER_API_MAX_CONNECTIONS}
 * (three quarters of the descriptor limit), {@code PREFECT_SERVER_API_MAX_BODY_SIZE} (10 MiB) and
 * {@code PREFECT_SERVER_API_BODY_MEMORY_BUDGET} (a quarter of the heap); 40 handler threads and a
 * 10 s graceful stop by default.
 *
 * <p>Requires {@code dev.jprefect.api} transitively ({@code RequestHandler} is in its signatures)
 * ({@code jdk.management} reads the descriptor limit) and Netty's explicit modules {@code io.netty.transport}, {@code io.netty.codec.http},
 * {@code io.netty.handler}, {@code io.netty.codec}, {@code io.netty.buffer}, {@code io.netty.common}.
 * Logs with {@link System.Logger}.
 *
 * @since 0.1
 */
module dev.jprefect.transport.netty {
    requires transitive dev.jprefect.api;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport;
    requires jdk.management;

    exports dev.jprefect.transport.netty;
}
