package dev.jprefect.transport.netty.internal;

import dev.jprefect.transport.ApiResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLEngine;

/**
 * Builds the pipeline of one connection, one concern per handler, from the socket up; a
 * connection over the server's limit gets a 503 with {@code Retry-After} at once, without its
 * request being read, and is closed.
 */
public final class HttpServerInitializer extends ChannelInitializer<Channel> {
    private final ServerState state;

    /** Requests that take the pipeline's paths once: one with a body, answered; one refused (no Host). */
    private static final String WARM_UP_REQUESTS = "POST /warm-up HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
            + "GET /warm-up HTTP/1.1\r\n\r\n";

    private static volatile boolean warm;

    /** Creates the initializer for the connections of one server. */
    public HttpServerInitializer(ServerState state) {
        this.state = state;
    }

    /**
     * Runs requests through a pipeline off the network, once per JVM, so that every class a
     * connection needs is loaded before the first one is accepted. A class loaded later, when
     * the process may be out of file descriptors, could not be read from its file, and the JVM
     * remembers such a failure: every connection after it would fail too.
     */
    public static void warmUp() {
        if (warm) {
            return;
        }
        Limits limits = new Limits(16, 1, 16, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        ServerState state = new ServerState(request -> ApiResponse.json(200, "{}"), Runnable::run, limits, null, null);
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast(new HttpServerInitializer(state));
        channel.writeInbound(Unpooled.copiedBuffer(WARM_UP_REQUESTS, StandardCharsets.US_ASCII));
        channel.runPendingTasks();
        channel.finishAndReleaseAll();
        warm = true;
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (!state.tryOpenConnection()) {
            pipeline.addLast("http-encoder", new HttpResponseEncoder());
            channel.writeAndFlush(NettyMessages.toNetty(RefusedRequest.busyResponse("The server has too many open"
                    + " connections; try again shortly"), HttpVersion.HTTP_1_1, false, false))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        channel.closeFuture().addListener(closed -> state.connectionClosed());
        state.connections().add(channel);
        SSLEngine engine = state.newTlsEngine();
        if (engine != null) {
            pipeline.addLast("tls", new SslHandler(engine));
        }
        Limits limits = state.limits();
        RequestDeadlines deadlines = new RequestDeadlines(limits);
        pipeline.addLast("first-byte", deadlines.firstByteWatch());
        pipeline.addLast("http-decoder", new StrictRequestDecoder());
        pipeline.addLast("http-encoder", new HttpResponseEncoder());
        pipeline.addLast("framing", new FramingRules());
        pipeline.addLast("deadlines", deadlines);
        pipeline.addLast("body-budget", new BodyBudget(state.bodyBudget(), limits.maxBodyBytes()));
        pipeline.addLast("body", new BodyAggregator(limits.maxBodyBytes()));
        pipeline.addLast("one-at-a-time", new FlowControlHandler());
        pipeline.addLast("app", new ApiRequestHandler(state));
    }
}
