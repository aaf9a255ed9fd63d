package dev.jprefect.transport.spi;

import dev.jprefect.transport.CloseStatus;
import dev.jprefect.transport.MessageChannel;
import dev.jprefect.transport.StreamClosedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every end of a stream has in common, for transports that implement
 * {@link dev.jprefect.transport.Transport#openStream}: the bounded queue of received messages with
 * its one pending receive, the count of waiting sends, and the end of the stream, all as
 * {@link MessageChannel} promises. A transport supplies the wire: {@link #transmit},
 * {@link #transmitClose}, reading on when {@link #readMore} says the queue has room again, and
 * {@link #subprotocol()}.
 *
 * <p>The transport calls {@link #deliver} with each message it receives, and stops reading while
 * it returns false (the queue is full); {@link #readMore()} runs once a receive frees room. When
 * the peer closes or the connection drops, it calls {@link #finish}.
 */
public abstract class AbstractMessageChannel implements MessageChannel {

    private final StreamInbox inbox = new StreamInbox(this::readMore);
    private final AtomicInteger waitingSends = new AtomicInteger();
    private final AtomicReference<CloseStatus> end = new AtomicReference<>();
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();

    /** Creates an open end. */
    protected AbstractMessageChannel() {
    }

    @Override
    public final CompletableFuture<Void> send(String message) {
        CloseStatus status = end.get();
        if (status != null) {
            return CompletableFuture.failedFuture(new StreamClosedException(status));
        }
        if (waitingSends.incrementAndGet() > QUEUE_CAPACITY) {
            waitingSends.decrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("more than " + QUEUE_CAPACITY
                    + " sends are waiting on this stream; wait for their futures"));
        }
        CompletableFuture<Void> sent = new CompletableFuture<>();
        transmit(message).whenComplete((ok, error) -> {
            waitingSends.decrementAndGet();
            CloseStatus ended = end.get();
            if (error == null) {
                sent.complete(null);
            } else {
                sent.completeExceptionally(ended != null && !(error instanceof StreamClosedException)
                        ? new StreamClosedException(ended) : error);
            }
        });
        return sent;
    }

    @Override
    public final CompletableFuture<String> receive() {
        return inbox.receive();
    }

    @Override
    public final void close(int code, String reason) {
        CloseStatus status = CloseStatus.toSend(code, reason);
        if (finish(status)) {
            transmitClose(status);
        }
    }

    @Override
    public final CompletableFuture<CloseStatus> closed() {
        return closed;
    }

    /**
     * Ends the stream with {@code status} if it has not ended yet (the peer closed, the connection
     * dropped): queued messages stay receivable, a pending receive fails, {@link #closed()}
     * completes. Returns whether this call ended it.
     */
    protected final boolean finish(CloseStatus status) {
        if (!end.compareAndSet(null, status)) {
            return false;
        }
        inbox.end(status);
        ended(status);
        closed.complete(status);
        return true;
    }

    /** Returns the status the stream ended with, or null while it goes on. */
    protected final CloseStatus endStatus() {
        return end.get();
    }

    /**
     * Hands a received message to the reader; returns whether the queue has room for more (when not,
     * stop reading until {@link #readMore()}). A message after the end is dropped.
     */
    protected final boolean deliver(String message) {
        return inbox.offer(message);
    }

    /** Hands over {@code message} only if the stream goes on and the queue has room; returns whether it did. */
    protected final boolean deliverIfRoom(String message) {
        return inbox.offerIfRoom(message);
    }

    /**
     * Puts {@code message} on the wire; the future completes when it has left this end. Called for
     * each send while the stream goes on, at most {@link #QUEUE_CAPACITY} not yet completed.
     */
    protected abstract CompletableFuture<Void> transmit(String message);

    /** Tells the peer that this end closed with {@code status}; called once, after the stream ended. */
    protected abstract void transmitClose(CloseStatus status);

    /** Called once a receive has freed room in the full queue: read the next message. */
    protected abstract void readMore();

    /** Called once when the stream ends, before {@link #closed()} completes; by default nothing. */
    protected void ended(CloseStatus status) {
    }
}
