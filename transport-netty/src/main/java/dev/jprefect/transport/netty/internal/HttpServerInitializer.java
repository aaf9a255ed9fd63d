package dev.jprefect.transport.netty.internal;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLEngine;

/** Builds the pipeline of one connection, one concern per handler, from the socket up. */
public final class HttpServerInitializer extends ChannelInitializer<SocketChannel> {
    private final ServerState state;

    /** Creates the initializer for the connections of one server. */
    public HttpServerInitializer(ServerState state) {
        this.state = state;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        state.connections().add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        if (state.sslContext() != null) {
            SSLEngine engine = state.sslContext().createSSLEngine();
            engine.setUseClientMode(false);
            pipeline.addLast("tls", new SslHandler(engine));
        }
        pipeline.addLast("http", new HttpServerCodec());
        pipeline.addLast("body", new BodyAggregator(state.maxBodyBytes()));
        pipeline.addLast("one-at-a-time", new FlowControlHandler());
        pipeline.addLast("app", new ApiRequestHandler(state));
    }
}
