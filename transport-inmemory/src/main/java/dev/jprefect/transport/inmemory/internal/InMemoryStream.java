package dev.jprefect.transport.inmemory.internal;

import dev.jprefect.transport.CloseStatus;
import dev.jprefect.transport.MessageChannel;
import dev.jprefect.transport.StreamClosedException;
import dev.jprefect.transport.spi.AbstractMessageChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stream in process: two {@link MessageChannel} ends, each sending straight into the other's
 * queue. No socket and no thread: a message meeting a pending receive completes it on the sender's
 * thread. A send that finds the peer's queue full waits in its own end's line until the peer takes
 * a message.
 */
final class InMemoryStream {

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

    /** Ends the stream for both ends with {@code status} (an end already ended keeps its own status). */
    void end(CloseStatus status) {
        client.endWith(status);
        server.endWith(status);
    }

    /** One end; its queue holds what the peer sent it, its {@code waitingSends} what the peer has no room for yet. */
    private final class End extends AbstractMessageChannel {
        private final String side;
        private final ArrayDeque<WaitingSend> waitingSends = new ArrayDeque<>();
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
        public String toString() {
            CloseStatus status = endStatus();
            return "InMemoryStream[" + side + (status == null ? "]" : ", " + status + "]");
        }

        @Override
        protected CompletableFuture<Void> transmit(String message) {
            CompletableFuture<Void> sent = new CompletableFuture<>();
            synchronized (waitingSends) {
                waitingSends.add(new WaitingSend(message, sent));
            }
            deliverWaiting();
            CloseStatus status = endStatus();
            if (status != null) { // ended while we queued: ended() may have missed it
                failWaitingSends(status);
            }
            return sent;
        }

        @Override
        protected void transmitClose(CloseStatus status) {
            end(status);
        }

        /** This end's queue has room again: the peer's waiting sends may now go in. */
        @Override
        protected void readMore() {
            peer.deliverWaiting();
        }

        @Override
        protected void ended(CloseStatus status) {
            failWaitingSends(status);
        }

        void endWith(CloseStatus status) {
            finish(status);
        }

        /**
         * Moves this end's waiting sends, in order, into the peer's queue while it has room. One
         * thread at a time drains (a call meanwhile makes it go round once more), and no lock is held
         * while a message is handed over, since that may run the receiver's code.
         */
        private void deliverWaiting() {
            if (draining.getAndIncrement() != 0) {
                return;
            }
            int rounds = 1;
            do {
                while (endStatus() == null) {
                    WaitingSend next;
                    synchronized (waitingSends) {
                        next = waitingSends.poll(); // out of the line first: handing it over may end the stream
                    }
                    if (next == null) {
                        break;
                    }
                    if (!peer.deliverIfRoom(next.message)) {
                        synchronized (waitingSends) {
                            waitingSends.addFirst(next);
                        }
                        CloseStatus status = endStatus();
                        if (status != null) { // ended meanwhile: ended() may have missed it
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
