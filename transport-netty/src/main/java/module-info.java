/**
 * A Netty HTTP/1.1 server that hosts any {@code dev.jprefect.transport.RequestHandler} on a port:
 * what puts the embedded Prefect server (or any handler) on the network.
 *
 * <p>Exports {@code dev.jprefect.transport.netty} with {@link dev.jprefect.transport.netty.NettyServer}
 * (start, {@code port()}, {@code uri()}, graceful {@code close()}); the pipeline and its handlers live
 * in {@code dev.jprefect.transport.netty.internal}, which is not exported. Uses and provides no
 * service: a client reaches the server with the {@code dev.jprefect.transport.http} module. Reads no
 * setting; its limits are in {@link dev.jprefect.transport.netty.NettyServer.Builder} (body limit
 * 10 MiB, 40 handler threads, 10 s graceful stop by default).
 *
 * <p>Requires {@code dev.jprefect.api} transitively ({@code RequestHandler} is in its signatures)
 * and Netty's explicit modules {@code io.netty.transport}, {@code io.netty.codec.http},
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

    exports dev.jprefect.transport.netty;
}
