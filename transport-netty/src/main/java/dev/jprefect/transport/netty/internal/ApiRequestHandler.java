package dev.jprefect.transport.netty.internal;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.StreamHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands each request of one connection to the {@link RequestHandler} on the server's handler pool
 * and writes its response back.
 *
 * <p>A connection is read one request at a time: the next request is read only after the response
 * to the previous one is written, so responses keep their order and a slow handler slows only its
 * own connection. A WebSocket upgrade that the app has a stream handler for turns the connection
 * into a stream ({@link StreamUpgrade}). Every field is touched only on the connection's event loop.
 */
final class ApiRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final System.Logger LOG = System.getLogger(ApiRequestHandler.class.getName());

    private final ServerState state;
    private boolean busy;
    private boolean stopRequested;

    ApiRequestHandler(ServerState state) {
        this.state = state;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read(); // auto-read is off: ask for the first request
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        busy = true;
        // Answer a version this server does not speak in its own, HTTP/1.1.
        HttpVersion version = FramingRules.isSupported(request.protocolVersion())
                ? request.protocolVersion() : HttpVersion.HTTP_1_1;
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, malformed(request.decoderResult().cause()), version, false, false);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean head = HttpMethod.HEAD.equals(request.method());
        ApiRequest apiRequest;
        try {
            apiRequest = NettyMessages.toApiRequest(request);
        } catch (IllegalArgumentException e) {
            respond(ctx, ApiResponse.detail(400, "Malformed HTTP request: " + e.getMessage()), version, false, false);
            return;
        }
        boolean upgrade = StreamUpgrade.isRequested(request);
        FullHttpRequest retained = upgrade ? request.retain() : null; // the upgrade needs it after this call
        try {
            state.executor().execute(upgrade
                    ? () -> openStream(ctx, apiRequest, retained, version)
                    : () -> serve(ctx, apiRequest, version, keepAlive, head));
        } catch (RejectedExecutionException e) {
            if (retained != null) {
                retained.release();
            }
            String detail = state.stopping() ? "The server is shutting down" : "The server is too busy";
            respond(ctx, ApiResponse.detail(503, detail), version, false, head);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == ServerState.STOP) {
            stopRequested = true;
            if (!busy) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.log(Level.DEBUG, () -> "connection " + ctx.channel() + " failed: " + cause);
        } else {
            LOG.log(Level.WARNING, () -> "connection " + ctx.channel() + " failed", cause);
        }
        ctx.close();
    }

    /** Runs on a handler thread: calls the app and writes its answer. */
    private void serve(ChannelHandlerContext ctx, ApiRequest request, HttpVersion version, boolean keepAlive, boolean head) {
        try {
            respond(ctx, RequestHandler.handleSafely(state.app(), request), version, keepAlive, head);
        } catch (Throwable e) {
            // No answer can be made (a VirtualMachineError, or the response could not be encoded):
            // close the connection rather than leave the client waiting for its timeout.
            LOG.log(Level.ERROR, () -> "no answer could be written to " + request.method() + " " + request.uri()
                    + " on " + ctx.channel() + "; closing the connection", e);
            ctx.close();
            if (e instanceof VirtualMachineError) {
                throw (VirtualMachineError) e;
            }
        }
    }

    /**
     * Runs on a handler thread: asks the app for the stream handler of a WebSocket upgrade, then
     * completes the upgrade on the event loop, or answers 404 (no stream there) or 500 (the app failed).
     */
    private void openStream(ChannelHandlerContext ctx, ApiRequest request, FullHttpRequest upgrade, HttpVersion version) {
        StreamHandler handler;
        try {
            handler = state.app().streamHandler(request);
        } catch (VirtualMachineError e) {
            upgrade.release();
            throw e;
        } catch (Throwable e) {
            upgrade.release();
            LOG.log(Level.ERROR, () -> "request handler " + state.app() + " failed to open a stream to " + request.uri(), e);
            respond(ctx, ApiResponse.detail(500, "Internal Server Error"), version, false, false);
            return;
        }
        if (handler == null) {
            upgrade.release();
            respond(ctx, ApiResponse.detail(404, "Not Found"), version, false, false);
            return;
        }
        ctx.executor().execute(() -> StreamUpgrade.complete(ctx, upgrade, handler, state));
    }

    /** Writes a response from any thread; once written, reads the next request or closes. */
    private void respond(ChannelHandlerContext ctx, ApiResponse response, HttpVersion version,
                         boolean keepAlive, boolean head) {
        boolean keep = keepAlive && !state.stopping();
        ChannelFuture written = ctx.writeAndFlush(NettyMessages.toNetty(response, version, keep, head));
        written.addListener(done -> { // runs on the event loop
            busy = false;
            if (!done.isSuccess()) {
                LOG.log(Level.DEBUG, () -> "could not write the response to " + ctx.channel() + ": " + done.cause());
                ctx.close();
            } else if (!keep || stopRequested) {
                ctx.close();
            } else {
                ctx.read();
            }
        });
    }

    /**
     * Returns the answer to a request that failed in the pipeline: the pipeline's own refusal
     * (framing, body budget), else 400, or 414/431 for what was too long.
     */
    private static ApiResponse malformed(Throwable cause) {
        if (cause instanceof RefusedRequest) {
            return ((RefusedRequest) cause).response();
        }
        if (cause instanceof TooLongHttpLineException) {
            return ApiResponse.detail(414, "Request line is too long");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return ApiResponse.detail(431, "Request headers are too large");
        }
        String reason = cause == null || cause instanceof TooLongFrameException ? "" : ": " + cause.getMessage();
        return ApiResponse.detail(400, "Malformed HTTP request" + reason);
    }
}
