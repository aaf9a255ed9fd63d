package dev.jprefect.transport.netty.internal;

import dev.jprefect.transport.ApiResponse;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long a connection may hold the server while it sends nothing useful: waiting for a
 * request (the keep-alive timeout: the connection is closed without an answer, as uvicorn does
 * under Prefect), sending a request's line and headers once its first byte came (the header
 * timeout), and sending its body (the body timeout); either of the last two is answered 408 and
 * the connection closed. While the handler works on a request no deadline runs: the client's
 * request timeout bounds that.
 *
 * <p>Sits after the HTTP codec, where it sees request heads, ends of bodies and responses; the
 * first byte of a request comes from {@link #firstByteWatch()}, which sits before the codec. All
 * methods run on the connection's event loop.
 */
final class RequestDeadlines extends ChannelDuplexHandler {

    private enum Phase { WAITING, HEAD, BODY, BUSY }

    private final Limits limits;
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.WAITING;
    private Future<?> deadline;
    /** Requests received whole, and final responses written: equal when nothing is in flight. */
    private long received;
    private long answered;

    RequestDeadlines(Limits limits) {
        this.limits = limits;
    }

    /** Returns the handler to put before the codec: it tells this one when a request's first byte arrives. */
    ChannelInboundHandlerAdapter firstByteWatch() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext before, Object msg) {
                if (phase == Phase.WAITING && msg instanceof ByteBuf && ((ByteBuf) msg).isReadable()) {
                    enter(Phase.HEAD);
                }
                before.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        enter(Phase.WAITING);
        context.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        cancel();
        context.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (msg instanceof HttpRequest) {
            enter(Phase.BODY);
        }
        if (msg instanceof LastHttpContent) {
            received++;
            enter(Phase.BUSY);
        }
        context.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext context, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse && ((HttpResponse) msg).status().code() >= 200) {
            ChannelPromise written = promise.unvoid();
            written.addListener(done -> {
                answered++;
                if (done.isSuccess() && phase == Phase.BUSY && answered == received && context.channel().isActive()) {
                    enter(Phase.WAITING);
                }
            });
            context.write(msg, written);
            return;
        }
        context.write(msg, promise);
    }

    private void enter(Phase next) {
        cancel();
        phase = next;
        switch (next) {
            case WAITING:
                schedule(limits.keepAliveTimeout(), () -> ctx.close());
                break;
            case HEAD:
                schedule(limits.headerTimeout(), () -> timeOut("Request headers were not received within "
                        + seconds(limits.headerTimeout())));
                break;
            case BODY:
                schedule(limits.bodyTimeout(), () -> timeOut("Request body was not received within "
                        + seconds(limits.bodyTimeout())));
                break;
            default:
                break;
        }
    }

    /** Answers 408 and closes; just closes if earlier requests are still unanswered (their answers come first). */
    private void timeOut(String detail) {
        if (answered < received) {
            ctx.close();
            return;
        }
        ctx.writeAndFlush(NettyMessages.toNetty(ApiResponse.detail(408, detail), HttpVersion.HTTP_1_1, false, false))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void schedule(Duration after, Runnable action) {
        deadline = ctx.executor().schedule(() -> {
            deadline = null;
            action.run();
        }, after.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
