package dev.jprefect.transport.netty.internal;

import dev.jprefect.transport.CloseStatus;
import dev.jprefect.transport.spi.AbstractMessageChannel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The server's end of a WebSocket stream; its {@link #frames()} handler ends the connection's
 * pipeline once the upgrade is done.
 *
 * <p>The connection reads one frame per {@code read()} (auto-read is off and a flow-control
 * handler sits below): after each text message, the next is read only while the inbox has room,
 * so a handler that does not receive holds the client back through TCP. Pings are answered with
 * pongs. A close waits at most {@link #CLOSE_HANDSHAKE_TIMEOUT_SECONDS} for the client's answer.
 */
final class WebSocketStream extends AbstractMessageChannel {

    private static final System.Logger LOG = System.getLogger(WebSocketStream.class.getName());

    /** How long a close waits for the client's close before the connection is closed anyway. */
    static final long CLOSE_HANDSHAKE_TIMEOUT_SECONDS = 10;

    private final String subprotocol;
    private final Frames frames = new Frames();
    private volatile ChannelHandlerContext ctx;

    WebSocketStream(String subprotocol) {
        this.subprotocol = subprotocol == null || subprotocol.isEmpty() ? null : subprotocol;
    }

    /** Returns the handler that ends the connection's pipeline and feeds this stream. */
    ChannelInboundHandler frames() {
        return frames;
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    protected CompletableFuture<Void> transmit(String message) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        ctx.writeAndFlush(new TextWebSocketFrame(message)).addListener(written -> {
            if (written.isSuccess()) {
                sent.complete(null);
            } else {
                sent.completeExceptionally(written.cause());
            }
        });
        return sent;
    }

    @Override
    protected void transmitClose(CloseStatus status) {
        ctx.writeAndFlush(new CloseWebSocketFrame(status.code(), status.reason())).addListener(done -> {
            if (!done.isSuccess()) {
                ctx.close();
            } else {
                ctx.executor().schedule(() -> ctx.close(), CLOSE_HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        });
    }

    /** A receive freed room in the full queue: read the next frame. */
    @Override
    protected void readMore() {
        ctx.channel().read();
    }

    @Override
    public String toString() {
        return "WebSocketStream[" + (ctx == null ? "" : ctx.channel()) + (endStatus() == null ? "]" : ", " + endStatus() + "]");
    }

    /** The connection's events, on its event loop. */
    private final class Frames extends ChannelInboundHandlerAdapter {

        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            ctx = context;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            try {
                if (message instanceof TextWebSocketFrame) {
                    if (deliver(((TextWebSocketFrame) message).text())) {
                        context.read();
                    } // else: readMore() reads on once a receive frees room
                } else if (message instanceof PingWebSocketFrame) {
                    context.writeAndFlush(new PongWebSocketFrame(((WebSocketFrame) message).content().retain()));
                    context.read();
                } else if (message instanceof CloseWebSocketFrame) {
                    closedByClient(context, (CloseWebSocketFrame) message);
                } else if (message instanceof BinaryWebSocketFrame) {
                    close(1003, "binary messages are not accepted");
                } else {
                    context.read(); // a pong, or a frame this end need not act on
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            finish(new CloseStatus(CloseStatus.ABNORMAL, "the connection dropped"));
            context.fireChannelInactive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) {
            if (event == ServerState.STOP) {
                close(CloseStatus.GOING_AWAY, "the server is shutting down");
                return;
            }
            context.fireUserEventTriggered(event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            if (cause instanceof TooLongFrameException) {
                close(1009, "message too big");
            } else if (cause instanceof CorruptedWebSocketFrameException) {
                // The decoder has sent its close (1002, or 1007 for bad UTF-8) and closes the connection.
                finish(new CloseStatus(((CorruptedWebSocketFrameException) cause).closeStatus().code(), "bad frame"));
            } else {
                LOG.log(Level.DEBUG, () -> "stream " + context.channel() + " failed: " + cause);
                finish(new CloseStatus(CloseStatus.ABNORMAL, "the connection failed"));
                context.close();
            }
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** The client closed: answer with its code, unless this end closed first, then close the connection. */
    private void closedByClient(ChannelHandlerContext context, CloseWebSocketFrame frame) {
        int code = frame.statusCode() < 0 ? CloseStatus.NO_STATUS : frame.statusCode();
        String reason = frame.reasonText() == null ? "" : frame.reasonText();
        if (finish(new CloseStatus(code, reason))) {
            CloseWebSocketFrame answer = code == CloseStatus.NO_STATUS
                    ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, reason);
            context.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
        } else {
            context.close(); // the client answered our close
        }
    }
}
