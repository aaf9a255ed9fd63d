package dev.jprefect.transport;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reference-counted lifespans of applications, after Prefect's {@code app_lifespan_context}.
 *
 * <p>Entering an application's lifespan counts one more client of it. The first entry runs
 * {@link Lifespan#startup()}, and every other entry waits for it to finish before it proceeds; the
 * last exit runs {@link Lifespan#shutdown()}. Entries and exits may come from many threads and in
 * any order: no client waits for another to leave, so nesting and concurrent use cannot deadlock,
 * and the application is shut down only when no client is left. Applications are told apart by
 * identity, not {@code equals}. Leaving is never refused: an interrupted thread still counts itself
 * out (and stays interrupted), so a cancelled client cannot keep an application up forever.
 *
 * <pre>{@code
 * try (AppLifespans.Lease lease = AppLifespans.enter(app, Duration.ofSeconds(20))) {
 *     // the app has started and stays up at least until this block ends
 * }
 * }</pre>
 */
public final class AppLifespans {

    /** One record per application that has clients now, removed at count zero. */
    private static final Map<Key, State> STATES = new ConcurrentHashMap<>();

    private AppLifespans() {
    }

    /**
     * Counts one more client of {@code app}, running its startup hook if it is the first.
     *
     * @param timeout how long to wait for another thread's startup or shutdown of the same app
     * @return a lease whose {@link Lease#close()} counts the client out; closing twice is harmless
     * @throws LifespanException if the startup hook fails (the count is not kept), the wait
     *     times out or is interrupted, or a hook of {@code app} tries to enter its own lifespan
     */
    public static Lease enter(RequestHandler app, Duration timeout) {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        Key key = new Key(app);
        while (true) {
            State state = STATES.computeIfAbsent(key, k -> new State(app));
            state.lockToEnter(deadline, timeout);
            try {
                if (state.lock.getHoldCount() > 1) {
                    // Only a hook runs while the lock is held: counting would run startup again, forever.
                    throw new LifespanException("a startup or shutdown hook of " + app
                            + " tried to enter its own lifespan", null);
                }
                if (state.retired) {
                    continue; // shut down and removed while we waited: start afresh
                }
                if (state.clients == 0) {
                    try {
                        app.lifespan().startup();
                    } catch (Exception | Error e) {
                        state.retire();
                        throw new LifespanException("startup of " + app + " failed: " + e, e);
                    }
                }
                state.clients++;
                return new Lease(state, timeout);
            } finally {
                state.lock.unlock();
            }
        }
    }

    /** Returns how many clients {@code app} has now; 0 if it is not running. */
    public static int clients(RequestHandler app) {
        State state = STATES.get(new Key(app));
        return state == null ? 0 : state.clientsNow();
    }

    /** A counted client of one application; closing it counts the client out. */
    public static final class Lease implements AutoCloseable {
        private final State state;
        private final Duration timeout;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Lease(State state, Duration timeout) {
            this.state = state;
            this.timeout = timeout;
        }

        /** Counts this client out; the last one out runs the shutdown hook. */
        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            try {
                state.lockToExit(timeout);
            } catch (LifespanException e) {
                closed.set(false); // still counted in: closing again may succeed
                throw e;
            }
            try {
                state.clients--;
                if (state.clients == 0) {
                    try {
                        state.app.lifespan().shutdown();
                    } catch (Exception e) {
                        throw new LifespanException("shutdown of " + state.app + " failed: " + e, e);
                    } finally {
                        state.retire();
                    }
                }
            } finally {
                state.lock.unlock();
            }
        }
    }

    /** The lifespan of one application while it has clients. */
    private static final class State {
        final RequestHandler app;
        final ReentrantLock lock = new ReentrantLock();
        volatile int clients;
        boolean retired;

        State(RequestHandler app) {
            this.app = app;
        }

        /** Takes the lock by {@code deadline}; an interrupt gives up (the caller counts nothing yet). */
        void lockToEnter(long deadline, Duration timeout) {
            try {
                if (!lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw timedOut(timeout, "enter");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LifespanException("interrupted waiting to enter the lifespan of " + app, e);
            }
        }

        /**
         * Takes the lock within {@code timeout} even if the thread is interrupted: a client leaving
         * must be counted out, or the application would never shut down. The interrupt is kept.
         * While the leaving client is counted in, no hook can run, so the wait is short.
         */
        void lockToExit(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        if (lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                            return;
                        }
                        throw timedOut(timeout, "exit");
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private LifespanException timedOut(Duration timeout, String what) {
            return new LifespanException("timed out after " + timeout + " waiting to " + what
                    + " the lifespan of " + app + ": its startup or shutdown hook is still running", null);
        }

        /** Called under the lock when the count drops to zero. */
        void retire() {
            retired = true;
            STATES.remove(new Key(app), this);
        }

        int clientsNow() {
            return clients;
        }
    }

    /** Tells applications apart by identity: two equal handlers are still two applications. */
    private static final class Key {
        private final RequestHandler app;

        Key(RequestHandler app) {
            this.app = app;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key && ((Key) other).app == app;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(app);
        }
    }

    /** A lifespan hook failed, or a wait for another thread's hook timed out. */
    public static final class LifespanException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LifespanException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
