package dev.jprefect.transport.netty.internal;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Holds every request body of one connection against the server's {@link MemoryBudget}, so that
 * many large bodies at once cannot exhaust the heap: a body reserves its {@code Content-Length}
 * (a chunked one the body size limit, cut to its real size once read) before it is read, and
 * gives it back when its response is written or the connection closes.
 *
 * <p>A request whose body does not fit is answered 503 with {@code Retry-After} and the
 * connection closed: with {@code Expect: 100-continue} at once (the client has not sent the body),
 * otherwise after its body has been read and dropped, so that the client, still sending, is not
 * reset before it can read the answer. Runs on the connection's event loop.
 */
final class BodyBudget extends ChannelDuplexHandler {

    private final MemoryBudget budget;
    private final int maxBodyBytes;
    /** What each request read whole and not yet answered holds, oldest first. */
    private final ArrayDeque<Long> held = new ArrayDeque<>();
    /** What the request being read holds, and whether its size is known only once read (chunked). */
    private long reading;
    private boolean chunked;
    private long chunkedBytes;
    /** The head of a refused request whose body is being dropped; null when none is. */
    private HttpRequest dropping;
    private long dropped;

    BodyBudget(MemoryBudget budget, int maxBodyBytes) {
        this.budget = budget;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (dropping != null) {
            drop(ctx, msg);
            return;
        }
        if (msg instanceof HttpRequest && ((HttpRequest) msg).decoderResult().isSuccess()) {
            HttpRequest head = (HttpRequest) msg;
            long length = HttpUtil.getContentLength(head, -1L);
            chunked = length < 0 && HttpUtil.isTransferEncodingChunked(head);
            chunkedBytes = 0;
            long need = chunked ? maxBodyBytes : length > maxBodyBytes ? 0 : Math.max(0, length);
            if (need > 0 && !budget.tryReserve(need)) {
                refuse(ctx, head);
                return;
            }
            reading = need;
        }
        if (chunked && msg instanceof HttpContent) {
            chunkedBytes += ((HttpContent) msg).content().readableBytes();
        }
        if (msg instanceof LastHttpContent) {
            if (chunked && chunkedBytes < reading) {
                budget.release(reading - chunkedBytes); // keep only what the body really is
                reading = chunkedBytes;
            }
            held.add(reading);
            reading = 0;
            chunked = false;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (dropping != null) {
            ctx.read(); // no one downstream asks for the rest of the body being dropped
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse && ((HttpResponse) msg).status().code() >= 200 && !held.isEmpty()) {
            long bytes = held.poll();
            ChannelPromise written = promise.unvoid();
            written.addListener(done -> budget.release(bytes));
            ctx.write(msg, written);
            return;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseAll();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseAll();
        if (dropping != null) {
            ReferenceCountUtil.release(dropping);
            dropping = null;
        }
    }

    private void refuse(ChannelHandlerContext ctx, HttpRequest head) {
        RefusedRequest busy = RefusedRequest.busy("The server is receiving too many request bodies at once;"
                + " try again shortly");
        head.setDecoderResult(DecoderResult.failure(busy));
        if (HttpUtil.is100ContinueExpected(head) || head instanceof LastHttpContent) {
            head.headers().remove(HttpHeaderNames.EXPECT); // the body is not wanted: no 100 Continue
            ctx.fireChannelRead(head);
        } else {
            dropping = head;
            dropped = 0;
        }
    }

    /** Drops a piece of the refused request's body; after the last, passes its head on to be answered. */
    private void drop(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpContent) {
                dropped += ((HttpContent) msg).content().readableBytes();
            }
            if (dropped > maxBodyBytes) {
                ctx.close(); // not worth reading on: the client gets no answer, but the server spends no more
                return;
            }
            if (msg instanceof LastHttpContent) {
                HttpRequest head = dropping;
                dropping = null;
                ctx.fireChannelRead(head);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void releaseAll() {
        long total = reading;
        reading = 0;
        for (Long bytes : held) {
            total += bytes;
        }
        held.clear();
        if (total > 0) {
            budget.release(total);
        }
    }
}
