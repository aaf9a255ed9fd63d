package dev.jprefect.harness.internal;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.Sleeper;
import dev.jprefect.harness.HarnessSession;
import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.TestRuns;
import dev.jprefect.harness.VirtualClock;
import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running harness: what runs the server (the embedded server's lifespan lease and an in-process
 * registration or a Netty server, or the real Prefect server's process), its own session and the
 * sessions opened on it.
 */
final class RealHarness implements PrefectTestHarness {

    private final Mode mode;
    private final URI apiUrl;
    private final VirtualClock virtualClock;
    private final Map<String, String> settings;
    private final int pageSize;
    private final List<AutoCloseable> stops; // in the order to close them
    private final Set<RealSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile RealSession own;
    private volatile TestRuns all;
    private volatile HarnessSession.Scope entered;

    RealHarness(Mode mode, URI apiUrl, VirtualClock virtualClock, Map<String, String> settings,
            int pageSize, List<AutoCloseable> stops) {
        this.mode = mode;
        this.apiUrl = apiUrl;
        this.virtualClock = virtualClock;
        this.settings = Map.copyOf(settings);
        this.pageSize = pageSize;
        this.stops = List.copyOf(stops);
    }

    /** Opens the harness's own session; part of start-up. */
    RealSession openOwnSession() {
        RealSession session = (RealSession) openSession("harness");
        this.own = session;
        this.all = RealTestRuns.all(session.client(), pageSize);
        return session;
    }

    /** Points the starting thread at the harness; closed again by {@link #close()}. */
    void enterOnStart() {
        this.entered = own.enter();
    }

    int pageSize() {
        return pageSize;
    }

    Sleeper sleeper() {
        return virtualClock != null ? virtualClock : Sleeper.system();
    }

    void closed(RealSession session) {
        sessions.remove(session);
    }

    @Override
    public Mode mode() {
        return mode;
    }

    @Override
    public URI apiUrl() {
        return apiUrl;
    }

    @Override
    public PrefectClient client() {
        return own.client();
    }

    @Override
    public InstantSource clock() {
        return virtualClock != null ? virtualClock : InstantSource.system();
    }

    @Override
    public Optional<VirtualClock> virtualClock() {
        return Optional.ofNullable(virtualClock);
    }

    @Override
    public Map<String, String> settings() {
        return settings;
    }

    @Override
    public TestRuns runs() {
        return all;
    }

    @Override
    public HarnessSession session() {
        return own;
    }

    @Override
    public HarnessSession openSession(String name) {
        if (closed.get()) {
            throw new IllegalStateException("the Prefect test harness at " + apiUrl + " is closed");
        }
        RealSession session = new RealSession(this, name);
        sessions.add(session);
        return session;
    }

    @Override
    public HarnessSession.Scope enter() {
        return own.enter();
    }

    /**
     * Leaves the scope {@code start()} entered (sending queued logs through a client still open, and
     * restoring the starting thread's settings), then closes the sessions and stops the server. Leaving
     * the scope fails on another thread than the starting one; the server is stopped all the same,
     * and a later {@code close()} on the starting thread still leaves the scope.
     */
    @Override
    public void close() {
        RuntimeException failure = null;
        HarnessSession.Scope scope = entered;
        if (scope != null) {
            try {
                scope.close();
                entered = null;
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (!closed.compareAndSet(false, true)) {
            if (failure != null) {
                throw failure;
            }
            return;
        }
        List<RealSession> open = new ArrayList<>(sessions);
        open.remove(own);
        if (own != null) {
            open.add(own); // the harness's own session last: others may still report through theirs
        }
        for (RealSession session : open) {
            failure = attempt(session::close, failure);
        }
        for (AutoCloseable stop : stops) {
            failure = attempt(() -> {
                try {
                    stop.close();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("stopping " + stop + " failed: " + e, e);
                }
            }, failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException attempt(Runnable action, RuntimeException failure) {
        try {
            action.run();
        } catch (RuntimeException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
        }
        return failure;
    }

    @Override
    public String toString() {
        return "PrefectTestHarness[" + mode + ", " + apiUrl + (closed.get() ? ", closed]" : "]");
    }
}
