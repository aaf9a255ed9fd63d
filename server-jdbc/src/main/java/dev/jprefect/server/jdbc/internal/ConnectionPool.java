package dev.jprefect.server.jdbc.internal;

import dev.jprefect.server.internal.storage.StorageBusyException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A few JDBC connections to one database, opened when first needed and reused; a connection that
 * failed is closed and replaced. Waiting for a free one is bounded: past the wait the caller gets
 * {@link StorageBusyException} (the API answers 503, which clients retry).
 */
final class ConnectionPool implements AutoCloseable {

    /** Opens one connection. */
    interface Opener {
        Connection open() throws SQLException;
    }

    /** Work with a connection. */
    interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    private final String name;
    private final Opener opener;
    private final Opener longReads;
    private final Duration wait;
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;
    /** Guards {@link #aside}. */
    private final ReentrantLock asideLock = new ReentrantLock();
    private Connection aside;

    /**
     * @param name what the connections reach, for messages
     * @param size the most connections open at once
     * @param wait the longest wait for a free connection
     * @param opener opens the pool's connections (and the one kept aside)
     * @param longReads opens the connections of {@link #separately}
     */
    ConnectionPool(String name, int size, Duration wait, Opener opener, Opener longReads) {
        this.name = name;
        this.opener = opener;
        this.longReads = longReads;
        this.wait = wait;
        this.permits = new Semaphore(size, true);
    }

    /** Runs {@code work} with a connection of its own and returns its result. */
    <T> T use(Work<T> work) {
        acquire();
        Connection c = null;
        boolean broken = false;
        try {
            c = idle.poll();
            if (c == null) {
                c = opener.open();
            }
            return work.apply(c);
        } catch (SQLException e) {
            broken = true;
            throw DatabaseStorage.busy("the database " + name + " failed", e);
        } catch (RuntimeException | Error e) {
            broken = c != null && isBroken(c);
            throw e;
        } finally {
            if (c != null) {
                if (broken || closed) {
                    quietlyClose(c);
                } else {
                    idle.offer(c);
                }
            }
            permits.release();
        }
    }

    /**
     * Runs {@code work} with the connection kept aside for it, outside the pool's bound (opened when
     * first needed, replaced if it fails; one caller at a time, waiting at most as long as for a
     * pooled one): for short work done while the caller holds a lock that holders of pooled
     * connections wait for (a loaded table's catch-up), which must not wait for the pool.
     */
    <T> T aside(Work<T> work) {
        if (closed) {
            throw new IllegalStateException("the storage over " + name + " is closed");
        }
        try {
            if (!asideLock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StorageBusyException("the connection to " + name + " kept for loading did not come free within " + wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageBusyException("interrupted while waiting for a connection to " + name);
        }
        try {
            if (aside == null) {
                aside = opener.open();
            }
            return work.apply(aside);
        } catch (SQLException e) {
            quietlyClose(aside);
            aside = null;
            throw DatabaseStorage.busy("the database " + name + " failed", e);
        } finally {
            if (closed && aside != null) {
                quietlyClose(aside);
                aside = null;
            }
            asideLock.unlock();
        }
    }

    /**
     * Runs {@code work} with a new connection ({@code longReads}'), outside the pool's bound, closed
     * after: for long work (reading a whole table) that must not keep a pooled connection from the
     * server's requests.
     */
    <T> T separately(Work<T> work) {
        if (closed) {
            throw new IllegalStateException("the storage over " + name + " is closed");
        }
        try (Connection c = longReads.open()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw DatabaseStorage.busy("the database " + name + " failed", e);
        }
    }

    private void acquire() {
        if (closed) {
            throw new IllegalStateException("the storage over " + name + " is closed");
        }
        try {
            if (!permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StorageBusyException("no connection to " + name + " came free within " + wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageBusyException("interrupted while waiting for a connection to " + name);
        }
    }

    private static boolean isBroken(Connection c) {
        try {
            return c.isClosed() || !c.getAutoCommit();
        } catch (SQLException e) {
            return true;
        }
    }

    private static void quietlyClose(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a broken connection can fail; it is dropped either way
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            quietlyClose(c);
        }
        if (asideLock.tryLock()) { // else its user closes it when done
            try {
                if (aside != null) {
                    quietlyClose(aside);
                    aside = null;
                }
            } finally {
                asideLock.unlock();
            }
        }
    }
}
