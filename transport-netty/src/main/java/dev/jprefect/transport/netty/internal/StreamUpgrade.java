package dev.jprefect.transport.netty.internal;

import dev.jprefect.transport.CloseStatus;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import dev.jprefect.transport.StreamHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;

/**
 * Turns an HTTP connection into a WebSocket stream: completes the upgrade for a request the app
 * has a {@link StreamHandler} for, puts a {@link WebSocketStream} at the end of the pipeline in
 * place of the request handler, and hands the stream to the app.
 */
final class StreamUpgrade {

    /**
     * The handlers that watch HTTP requests (their deadlines, framing rules and body budget); a
     * stream has none, so they leave with the HTTP codec. A stream stays open while both ends want
     * it: a client that goes away is seen when its connection drops.
     */
    private static final String[] HTTP_ONLY = {"first-byte", "framing", "deadlines", "body-budget"};

    private StreamUpgrade() {
    }

    /** Returns true for a GET that asks to upgrade to a WebSocket. */
    static boolean isRequested(FullHttpRequest request) {
        return HttpMethod.GET.equals(request.method())
                && request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && request.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    /**
     * Completes the upgrade of {@code request} on the connection's event loop, then calls
     * {@code handler} on the handler pool. Releases {@code request}. A request of an unsupported
     * WebSocket version gets the 426 Netty answers and the connection closes.
     *
     * <p>Frames and messages are limited to the server's body limit; a longer one closes the stream with 1009.
     */
    static void complete(ChannelHandlerContext ctx, FullHttpRequest request, StreamHandler handler, ServerState state) {
        try {
            String location = "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + request.uri();
            WebSocketServerHandshakerFactory factory = new WebSocketServerHandshakerFactory(
                    location, handler.subprotocol(), false, state.limits().maxBodyBytes());
            WebSocketServerHandshaker handshaker = factory.newHandshaker(request);
            if (handshaker == null) {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
                        .addListener(done -> ctx.close());
                return;
            }
            ChannelPipeline pipeline = ctx.pipeline();
            String appName = ctx.name();
            handshaker.handshake(ctx.channel(), request).addListener(done -> {
                if (done.isSuccess()) {
                    ctx.channel().read(); // auto-read is off: ask for the first frame
                } else {
                    ctx.close();
                }
            });
            // The handshake has put the frame decoder in place of the HTTP one; frames are read only
            // after the response is out, and by then the stream ends the pipeline.
            WebSocketStream stream = new WebSocketStream(handshaker.selectedSubprotocol());
            // With a separate HTTP decoder and encoder, Netty puts the frame encoder after the frame
            // decoder, so the close the decoder sends on a broken frame would skip it: move it before.
            // (Encoders are not sharable: a new one, unmasked as a server's frames are, takes its place.)
            if (pipeline.names().indexOf("wsencoder") > pipeline.names().indexOf("wsdecoder")) {
                pipeline.remove("wsencoder");
                pipeline.addBefore("wsdecoder", "wsencoder", new WebSocket13FrameEncoder(false));
            }
            pipeline.addAfter("wsdecoder", "ws-messages", new WebSocketFrameAggregator(state.limits().maxBodyBytes()));
            long idleNanos = state.limits().webSocketIdleTimeout().toNanos() / 2;
            pipeline.addAfter("wsdecoder", "ws-idle", new IdleStateHandler(idleNanos, 0, 0, TimeUnit.NANOSECONDS));
            pipeline.addAfter("ws-idle", "ws-idle-watch", new IdleWatch(stream));
            pipeline.replace(appName, "stream", stream.frames());
            for (String http : HTTP_ONLY) {
                if (pipeline.get(http) != null) {
                    pipeline.remove(http);
                }
            }
            state.executor().execute(() -> StreamHandler.openSafely(handler, stream));
        } finally {
            request.release();
        }
    }

    /**
     * Pings a client that has sent no frame for half the idle timeout, and closes the stream with
     * 1001 "idle timeout" if it stays silent for the other half: a client that vanished without a
     * close is noticed even when TCP is not told.
     */
    private static final class IdleWatch extends ChannelInboundHandlerAdapter {
        private final WebSocketStream stream;
        private boolean pinged;

        IdleWatch(WebSocketStream stream) {
            this.stream = stream;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            pinged = false;
            ctx.fireChannelRead(message);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (!(event instanceof IdleStateEvent)) {
                ctx.fireUserEventTriggered(event);
            } else if (!pinged) {
                pinged = true;
                ctx.writeAndFlush(new PingWebSocketFrame());
            } else {
                stream.close(CloseStatus.GOING_AWAY, "idle timeout");
            }
        }
    }
}
