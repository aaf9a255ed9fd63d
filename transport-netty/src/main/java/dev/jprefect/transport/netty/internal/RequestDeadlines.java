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
 *
 * <p>A phase change only notes its deadline: one timer per connection checks it when it fires and
 * is set again for what remains, so a busy connection costs no timer work per request (it is
 * re-armed early only when a new deadline comes before the timer's).
 */
final class RequestDeadlines extends ChannelDuplexHandler {

    private enum Phase { WAITING, HEAD, BODY, BUSY }

    private final Limits limits;
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.WAITING;
    /** When the current phase ends, in {@link System#nanoTime()}; meaningless while BUSY. */
    private long deadlineNanos;
    /** The pending check and when it fires; null when none is pending. */
    private Future<?> timer;
    private long timerNanos;
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
        phase = next;
        Duration timeout = timeout(next);
        if (timeout == null) {
            return; // BUSY: a pending check finds nothing to do
        }
        deadlineNanos = System.nanoTime() + timeout.toNanos();
        if (timer != null && timerNanos - deadlineNanos > 0) {
            cancel(); // the new deadline comes first
        }
        if (timer == null) {
            arm(deadlineNanos);
        }
    }

    /** Runs when the timer fires: ends the phase if its deadline has passed, else waits for what remains. */
    private void check() {
        timer = null;
        if (phase == Phase.BUSY || !ctx.channel().isActive()) {
            return;
        }
        if (deadlineNanos - System.nanoTime() > 0) {
            arm(deadlineNanos);
            return;
        }
        switch (phase) {
            case WAITING:
                ctx.close();
                break;
            case HEAD:
                timeOut("Request headers were not received within " + seconds(limits.headerTimeout()));
                break;
            default:
                timeOut("Request body was not received within " + seconds(limits.bodyTimeout()));
                break;
        }
    }

    private Duration timeout(Phase of) {
        switch (of) {
            case WAITING:
                return limits.keepAliveTimeout();
            case HEAD:
                return limits.headerTimeout();
            case BODY:
                return limits.bodyTimeout();
            default:
                return null;
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

    private void arm(long atNanos) {
        timerNanos = atNanos;
        timer = ctx.executor().schedule(this::check, Math.max(0, atNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
