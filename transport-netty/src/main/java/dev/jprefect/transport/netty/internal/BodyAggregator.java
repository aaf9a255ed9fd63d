package dev.jprefect.transport.netty.internal;

import dev.jprefect.transport.ApiResponse;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * Collects a request's body up to the server's limit; a larger body is answered with a 413 JSON
 * {@code detail} and the connection is closed (the rest of the body is never read); when the
 * client asked {@code Expect: 100-continue}, the 413 comes before it sends the body at all.
 */
final class BodyAggregator extends HttpObjectAggregator {
    private final int maxBodyBytes;

    BodyAggregator(int maxBodyBytes) {
        super(maxBodyBytes, true); // close after refusing an Expect: the client may still send the body
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ctx.writeAndFlush(NettyMessages.toNetty(tooLarge(), oversized.protocolVersion(), false, false))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Answers {@code Expect: 100-continue} as Netty does, except that a body announced too large
     * gets the JSON 413 rather than an empty one, before the client sends it. The connection is then
     * closed: a client may send the announced body anyway, and reading it would only waste time.
     */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof HttpResponse
                && ((HttpResponse) response).status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
            ReferenceCountUtil.release(response);
            return NettyMessages.toNetty(tooLarge(), start.protocolVersion(), false, false);
        }
        return response;
    }

    private ApiResponse tooLarge() {
        return ApiResponse.detail(413, "Request body is larger than the server's limit of " + maxBodyBytes + " bytes");
    }
}
