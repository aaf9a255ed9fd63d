package dev.jprefect.transport.spi;

import dev.jprefect.transport.CloseStatus;
import dev.jprefect.transport.MessageChannel;
import dev.jprefect.transport.StreamClosedException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The receiving half of an {@link AbstractMessageChannel}: the queue of received messages, the one
 * pending {@link MessageChannel#receive()}, and the end of the stream.
 *
 * <p>A transport offers each message it receives and stops reading while the queue is full
 * ({@link #offer} returns false); when a receive frees room in a full queue, {@code onRoom} runs
 * once, and the transport reads again. A message meeting a pending receive is handed to it directly,
 * on the offering thread. Futures are completed outside the lock.
 */
final class StreamInbox {

    private final Object lock = new Object();
    private final ArrayDeque<String> messages = new ArrayDeque<>();
    private final Runnable onRoom;
    private CompletableFuture<String> waiting;
    private CloseStatus end;
    /** The characters of the queued messages. */
    private long chars;

    /** Creates an empty inbox; {@code onRoom} is called when a receive frees room in a full queue. */
    StreamInbox(Runnable onRoom) {
        this.onRoom = onRoom;
    }

    /**
     * Adds a received message (or hands it to the pending receive); returns whether the queue has
     * room for more. A message arriving after the end is dropped.
     */
    boolean offer(String message) {
        CompletableFuture<String> receiver;
        synchronized (lock) {
            if (end != null) {
                return false;
            }
            receiver = waiting;
            waiting = null;
            if (receiver == null || receiver.isDone()) {
                messages.add(message);
                chars += message.length();
                return hasRoom();
            }
        }
        if (!receiver.complete(message)) { // cancelled in between: keep the message, first in line
            synchronized (lock) {
                messages.addFirst(message);
                chars += message.length();
                return hasRoom();
            }
        }
        return true;
    }

    /** Adds {@code message} only if the stream goes on and the queue has room; returns whether it did. */
    boolean offerIfRoom(String message) {
        synchronized (lock) {
            if (end != null || !hasRoom()) {
                return false;
            }
        }
        offer(message);
        return true;
    }

    /** Returns the next message, as {@link MessageChannel#receive()} describes. */
    CompletableFuture<String> receive() {
        String message;
        boolean freed;
        synchronized (lock) {
            boolean wasFull = !hasRoom();
            message = messages.poll();
            if (message == null) {
                if (end != null) {
                    return CompletableFuture.failedFuture(new StreamClosedException(end));
                }
                if (waiting != null && !waiting.isDone()) {
                    return CompletableFuture.failedFuture(new IllegalStateException(
                            "a receive is already pending on this stream; wait for it or cancel it first"));
                }
                waiting = new CompletableFuture<>();
                return waiting;
            }
            chars -= message.length();
            freed = wasFull && hasRoom();
        }
        if (freed) {
            onRoom.run();
        }
        return CompletableFuture.completedFuture(message);
    }

    /** Returns whether the queue takes more: fewer messages and characters than its capacities. Under the lock. */
    private boolean hasRoom() {
        return messages.size() < MessageChannel.QUEUE_CAPACITY && chars < MessageChannel.QUEUE_CHARS;
    }

    /** Ends the stream with {@code status}: the queued messages stay, a pending receive fails. Idempotent. */
    void end(CloseStatus status) {
        CompletableFuture<String> receiver;
        synchronized (lock) {
            if (end != null) {
                return;
            }
            end = status;
            receiver = waiting;
            waiting = null;
        }
        if (receiver != null) {
            receiver.completeExceptionally(new StreamClosedException(status));
        }
    }
}
