package dev.jprefect.transport.netty.internal;

import dev.jprefect.transport.ApiResponse;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Collects a request's body up to the server's limit; a larger body is answered with a 413 JSON
 * {@code detail} and the connection is closed (the rest of the body is never read).
 */
final class BodyAggregator extends HttpObjectAggregator {
    private final int maxBodyBytes;

    BodyAggregator(int maxBodyBytes) {
        super(maxBodyBytes);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ApiResponse tooLarge = ApiResponse.detail(413,
                "Request body is larger than the server's limit of " + maxBodyBytes + " bytes");
        ctx.writeAndFlush(NettyMessages.toNetty(tooLarge, oversized.protocolVersion(), false, false))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
