package dev.jprefect.transport.netty.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies all connections of a server may hold at once. A request reserves
 * its body's size before the body is read and gives it back once it is answered. Thread-safe.
 */
final class MemoryBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    MemoryBudget(long limit) {
        this.limit = limit;
    }

    /**
     * Reserves {@code bytes} if they fit under the limit, or if nothing at all is reserved (so a
     * body within the body size limit always gets through on an otherwise idle server); returns
     * whether it did.
     */
    boolean tryReserve(long bytes) {
        while (true) {
            long now = used.get();
            if (now != 0 && now + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Gives back {@code bytes} reserved before. */
    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    /** Returns the bytes reserved now. */
    long used() {
        return used.get();
    }

    long limit() {
        return limit;
    }
}
