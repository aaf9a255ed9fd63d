package dev.jprefect.transport.inmemory.internal;

import dev.jprefect.transport.CloseStatus;
import dev.jprefect.transport.MessageChannel;
import dev.jprefect.transport.StreamClosedException;
import dev.jprefect.transport.spi.SendWindow;
import dev.jprefect.transport.spi.StreamInbox;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stream in process: two {@link MessageChannel} ends, each sending straight into the other's
 * {@link StreamInbox}. No socket and no thread: a message meeting a pending receive completes it
 * on the sender's thread. A send that finds the peer's queue full waits in its own end's line
 * until the peer takes a message.
 */
final class InMemoryStream {

    private final AtomicReference<CloseStatus> end = new AtomicReference<>();
    private final End client;
    private final End server;
    private final String subprotocol;

    InMemoryStream(String subprotocol) {
        this.subprotocol = subprotocol;
        this.client = new End("client");
        this.server = new End("server");
        client.peer = server;
        server.peer = client;
    }

    MessageChannel client() {
        return client;
    }

    MessageChannel server() {
        return server;
    }

    /** Ends the stream for both ends with {@code status}; the first end wins. */
    void end(CloseStatus status) {
        if (!end.compareAndSet(null, status)) {
            return;
        }
        for (End e : List.of(client, server)) {
            e.inbox.end(status);
            e.failWaitingSends(status);
        }
        client.closed.complete(status);
        server.closed.complete(status);
    }

    /** One end; its inbox holds what the peer sent it, its {@code waitingSends} what the peer has no room for yet. */
    private final class End implements MessageChannel {
        private final String side;
        private final StreamInbox inbox = new StreamInbox(this::peerMayDeliver);
        private final SendWindow window = new SendWindow();
        private final ArrayDeque<WaitingSend> waitingSends = new ArrayDeque<>();
        private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
        private final AtomicInteger draining = new AtomicInteger();
        private End peer;

        End(String side) {
            this.side = side;
        }

        @Override
        public String subprotocol() {
            return subprotocol;
        }

        @Override
        public CompletableFuture<Void> send(String message) {
            CloseStatus status = end.get();
            if (status != null) {
                return CompletableFuture.failedFuture(new StreamClosedException(status));
            }
            CompletableFuture<Void> refused = window.reserve();
            if (refused != null) {
                return refused;
            }
            CompletableFuture<Void> sent = new CompletableFuture<>();
            synchronized (waitingSends) {
                waitingSends.add(new WaitingSend(message, sent));
            }
            deliverWaiting();
            if (end.get() != null) { // ended while we queued: failWaitingSends may have missed us
                failWaitingSends(end.get());
            }
            return window.release(sent);
        }

        @Override
        public CompletableFuture<String> receive() {
            return inbox.receive();
        }

        @Override
        public void close(int code, String reason) {
            end(CloseStatus.toSend(code, reason));
        }

        @Override
        public CompletableFuture<CloseStatus> closed() {
            return closed;
        }

        @Override
        public String toString() {
            return "InMemoryStream[" + side + (end.get() == null ? "]" : ", " + end.get() + "]");
        }

        /** Called when this end's queue has room again: the peer's waiting sends may now go in. */
        private void peerMayDeliver() {
            peer.deliverWaiting();
        }

        /**
         * Moves this end's waiting sends, in order, into the peer's inbox while it has room. One
         * thread at a time drains (a call meanwhile makes it go round once more), and no lock is held
         * while a message is handed over, since that may run the receiver's code.
         */
        private void deliverWaiting() {
            if (draining.getAndIncrement() != 0) {
                return;
            }
            int rounds = 1;
            do {
                while (end.get() == null) {
                    WaitingSend next;
                    synchronized (waitingSends) {
                        next = waitingSends.poll(); // out of the line first: handing it over may end the stream
                    }
                    if (next == null) {
                        break;
                    }
                    if (!peer.inbox.offerIfRoom(next.message)) {
                        synchronized (waitingSends) {
                            waitingSends.addFirst(next);
                        }
                        CloseStatus status = end.get();
                        if (status != null) { // ended meanwhile: failWaitingSends may have missed it
                            failWaitingSends(status);
                        }
                        break;
                    }
                    next.sent.complete(null);
                }
                rounds = draining.addAndGet(-rounds);
            } while (rounds != 0);
        }

        private void failWaitingSends(CloseStatus status) {
            List<WaitingSend> failed;
            synchronized (waitingSends) {
                failed = new ArrayList<>(waitingSends);
                waitingSends.clear();
            }
            failed.forEach(w -> w.sent.completeExceptionally(new StreamClosedException(status)));
        }
    }

    private record WaitingSend(String message, CompletableFuture<Void> sent) {
    }
}
