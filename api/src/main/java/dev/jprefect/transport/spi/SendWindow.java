package dev.jprefect.transport.spi;

import dev.jprefect.transport.MessageChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts a channel end's sends that have not left yet, and refuses one more than
 * {@link MessageChannel#QUEUE_CAPACITY}, as {@link MessageChannel} promises: for transports that
 * implement streams.
 */
public final class SendWindow {

    private final AtomicInteger pending = new AtomicInteger();

    /** Creates an empty window. */
    public SendWindow() {
    }

    /**
     * Reserves a place for one send; returns a failed future if the window is full, otherwise
     * null, and the caller must call {@link #release(CompletableFuture)} on the send's future.
     */
    public CompletableFuture<Void> reserve() {
        if (pending.incrementAndGet() > MessageChannel.QUEUE_CAPACITY) {
            pending.decrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("more than "
                    + MessageChannel.QUEUE_CAPACITY + " sends are waiting on this stream; wait for their futures"));
        }
        return null;
    }

    /** Frees the place of a reserved send once {@code sent} completes; returns it. */
    public CompletableFuture<Void> release(CompletableFuture<Void> sent) {
        sent.whenComplete((ok, error) -> pending.decrementAndGet());
        return sent;
    }
}
