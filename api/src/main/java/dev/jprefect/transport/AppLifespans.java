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
 * and the application is shut down only when no client is left.
 *
 * <pre>{@code
 * try (AppLifespans.Lease lease = AppLifespans.enter(app, Duration.ofSeconds(20))) {
 *     // the app has started and stays up at least until this block ends
 * }
 * }</pre>
 */
public final class AppLifespans {

    /** One record per application that has clients now; identity-keyed, removed at count zero. */
    private static final Map<RequestHandler, State> STATES = new ConcurrentHashMap<>();

    private AppLifespans() {
    }

    /**
     * Counts one more client of {@code app}, running its startup hook if it is the first.
     *
     * @param timeout how long to wait for another thread's startup or shutdown of the same app
     * @return a lease whose {@link Lease#close()} counts the client out; closing twice is harmless
     * @throws LifespanException if the startup hook fails (the count is not kept) or the wait
     *     times out
     */
    public static Lease enter(RequestHandler app, Duration timeout) {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(timeout, "timeout");
        while (true) {
            State state = STATES.computeIfAbsent(app, State::new);
            state.lock(timeout, "enter");
            try {
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
        State state = STATES.get(app);
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
            state.lock(timeout, "exit");
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

        void lock(Duration timeout, String what) {
            try {
                if (!lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new LifespanException("timed out after " + timeout + " waiting to " + what
                            + " the lifespan of " + app + ": its startup or shutdown hook is still running", null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LifespanException("interrupted waiting to " + what + " the lifespan of " + app, e);
            }
        }

        /** Called under the lock when the count drops to zero. */
        void retire() {
            retired = true;
            STATES.remove(app, this);
        }

        int clientsNow() {
            return clients;
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
