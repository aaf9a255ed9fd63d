package dev.jprefect.transport;

import java.util.concurrent.CompletableFuture;

/**
 * One end of a stream: a bidirectional channel of text messages, such as a WebSocket. Prefect's
 * {@code /events/in} and {@code /events/out} are streams.
 *
 * <p>A client opens one with {@link Transport#openStream(ApiRequest)}; a server gets the other end
 * in {@link StreamHandler#opened(MessageChannel)}. Messages arrive in the order they were sent.
 * Each end holds at most {@link #QUEUE_CAPACITY} received messages (and about {@link #QUEUE_CHARS}
 * characters) that nobody has taken with {@link #receive()}; when that queue is full, the peer's
 * sends wait (their futures stay pending)
 * until a message is taken, so a slow reader slows its writer instead of growing memory. At most
 * {@link #QUEUE_CAPACITY} sends may wait; one more fails at once with an
 * {@link IllegalStateException}. A writer that must not wait keeps count of its pending sends and
 * decides for itself, e.g. by closing the channel.
 *
 * <p>The channel ends when either end closes it, or when the connection drops (status
 * {@link CloseStatus#ABNORMAL}); {@link #closed()} then completes with the status. Messages already
 * received can still be taken after the end; later receives and all sends fail with a
 * {@link StreamClosedException}. Every method is thread-safe and none blocks.
 *
 * <pre>{@code
 * MessageChannel events = transport.openStream(ApiRequest.get(URI.create(api + "/events/out"))).join();
 * events.send("{\"type\": \"auth\", \"token\": null}");
 * String answer = events.receive().get(10, TimeUnit.SECONDS);
 * events.close();
 * }</pre>
 */
public interface MessageChannel extends AutoCloseable {

    /**
     * Received messages held per end, and sends that may wait for room: 1,024. Prefect's events are
     * a few KiB each, so a full queue is a few MiB at most.
     */
    int QUEUE_CAPACITY = 1024;

    /**
     * Characters of received messages held per end before it stops reading: 8 Mi (16 MiB). Bounds
     * a queue of large messages; the queue may pass it by the one message that filled it.
     */
    int QUEUE_CHARS = 8 * 1024 * 1024;

    /** Returns the subprotocol both ends agreed on (e.g. {@code "prefect"}), or null if none. */
    String subprotocol();

    /**
     * Sends one message. The future completes when the message has left this end (handed to the
     * peer's queue, or written to the connection), or fails with a {@link StreamClosedException} if
     * the channel ended first.
     */
    CompletableFuture<Void> send(String message);

    /**
     * Takes the next message: the future completes with it as soon as it is there, or fails with a
     * {@link StreamClosedException} once the channel has ended and no message is left. One receive
     * may be pending at a time; cancelling it (or letting {@code orTimeout} fail it) gives up the
     * wait without losing a message.
     */
    CompletableFuture<String> receive();

    /**
     * Closes the channel with {@code code} and {@code reason}; the peer sees both. Idempotent: once
     * the channel has ended, nothing happens.
     *
     * @throws IllegalArgumentException if the code may not be sent or the reason is too long
     *     (see {@link CloseStatus#toSend})
     */
    void close(int code, String reason);

    /** Closes the channel normally (code 1000, no reason). */
    @Override
    default void close() {
        close(CloseStatus.NORMAL, "");
    }

    /** Returns a future that completes with the status once the channel has ended, whichever end closed it. */
    CompletableFuture<CloseStatus> closed();
}
