package dev.jprefect.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reference-counted lifespans, after Prefect's {@code app_lifespan_context}, under contention. */
@SuppressWarnings("try") // settings scopes and leases are held for their effect, not referenced
class AppLifespansTest {

    /** Bounds every wait; a working implementation never comes near it. */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final long WAIT_SECONDS = TIMEOUT.toSeconds();

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theFirstEntryStartsAndTheLastExitShutsDown() {
        CheckedApp app = new CheckedApp();

        AppLifespans.Lease outer = AppLifespans.enter(app, TIMEOUT);
        assertThat(app.startups.get()).isEqualTo(1);
        AppLifespans.Lease inner = AppLifespans.enter(app, TIMEOUT);
        assertThat(app.startups.get()).isEqualTo(1);
        assertThat(AppLifespans.clients(app)).isEqualTo(2);

        outer.close(); // the first in leaves first: the app stays up for the inner client
        assertThat(app.shutdowns.get()).isZero();
        assertThat(AppLifespans.clients(app)).isEqualTo(1);
        inner.close();

        assertThat(app.shutdowns.get()).isEqualTo(1);
        assertThat(AppLifespans.clients(app)).isZero();
        assertThat(app.violations).isEmpty();
    }

    @Test
    void enteringAfterTheLastExitStartsTheAppAgain() {
        CheckedApp app = new CheckedApp();

        AppLifespans.enter(app, TIMEOUT).close();
        AppLifespans.enter(app, TIMEOUT).close();

        assertThat(app.startups.get()).isEqualTo(2);
        assertThat(app.shutdowns.get()).isEqualTo(2);
    }

    @Test
    void concurrentEntriesWaitForTheOneStartup() throws Exception {
        SlowStartApp app = new SlowStartApp();
        int clients = 12;
        CountDownLatch leave = new CountDownLatch(1);
        List<Future<Boolean>> bodies = new ArrayList<>();
        List<Thread> waiting = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < clients; i++) {
            bodies.add(threads.submit(() -> {
                waiting.add(Thread.currentThread());
                try (AppLifespans.Lease lease = AppLifespans.enter(app, TIMEOUT)) {
                    boolean sawStarted = app.running;
                    assertThat(leave.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
                    return sawStarted;
                }
            }));
        }
        assertThat(app.startupBegan.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        awaitAllBlocked(waiting, clients); // one in the startup hook, the others waiting for it

        app.finishStartup.countDown();
        awaitClients(app, clients);
        leave.countDown();

        for (Future<Boolean> body : bodies) {
            assertThat(body.get(WAIT_SECONDS, TimeUnit.SECONDS)).as("the app had started").isTrue();
        }
        assertThat(app.startups.get()).isEqualTo(1);
        assertThat(app.shutdowns.get()).isEqualTo(1);
        assertThat(app.violations).isEmpty();
    }

    @Test
    void manyThreadsEnteringAndLeavingInAnyOrderStartOnceAndShutDownOncePerRound() throws Exception {
        CheckedApp app = new CheckedApp();
        int clients = 16;
        int rounds = 50;
        AtomicInteger round = new AtomicInteger();
        ConcurrentLinkedQueue<String> roundErrors = new ConcurrentLinkedQueue<>();
        // Between rounds every client is out: exactly one startup and one shutdown per round so far.
        CyclicBarrier allOut = new CyclicBarrier(clients, () -> {
            int done = round.incrementAndGet();
            if (app.startups.get() != done || app.shutdowns.get() != done || AppLifespans.clients(app) != 0) {
                roundErrors.add("after round " + done + ": " + app.startups + " startups, " + app.shutdowns
                        + " shutdowns, " + AppLifespans.clients(app) + " clients");
            }
        });
        CyclicBarrier allIn = new CyclicBarrier(clients);
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(threads.submit(() -> {
                for (int r = 0; r < rounds; r++) {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    AppLifespans.Lease lease = AppLifespans.enter(app, TIMEOUT);
                    AppLifespans.Lease nested = random.nextBoolean() ? AppLifespans.enter(app, TIMEOUT) : null;
                    app.use();
                    allIn.await(WAIT_SECONDS, TimeUnit.SECONDS); // everyone is in before anyone leaves
                    if (nested != null && random.nextBoolean()) {
                        lease.close(); // the outer lease leaves first
                        app.use();
                        nested.close();
                    } else {
                        if (nested != null) {
                            nested.close();
                        }
                        lease.close();
                    }
                    allOut.await(WAIT_SECONDS, TimeUnit.SECONDS);
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(WAIT_SECONDS * 3, TimeUnit.SECONDS);
        }

        assertThat(roundErrors).isEmpty();
        assertThat(app.startups.get()).isEqualTo(rounds);
        assertThat(app.shutdowns.get()).isEqualTo(rounds);
        assertThat(app.violations).isEmpty();
    }

    @Test
    void unsynchronizedChurnNeverOverlapsAStartupWithAShutdownOrAClient() throws Exception {
        CheckedApp app = new CheckedApp();
        int clients = 16;
        CyclicBarrier go = new CyclicBarrier(clients);
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(threads.submit(() -> {
                go.await(WAIT_SECONDS, TimeUnit.SECONDS);
                for (int i = 0; i < 500; i++) {
                    try (AppLifespans.Lease lease = AppLifespans.enter(app, TIMEOUT)) {
                        app.use();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(WAIT_SECONDS * 3, TimeUnit.SECONDS);
        }

        assertThat(app.violations).isEmpty();
        assertThat(app.startups.get()).isPositive().isEqualTo(app.shutdowns.get());
        assertThat(AppLifespans.clients(app)).isZero();
    }

    @Test
    void anExceptionInTheBodyStillReleasesTheCount() {
        CheckedApp app = new CheckedApp();

        assertThatThrownBy(() -> {
            try (AppLifespans.Lease lease = AppLifespans.enter(app, TIMEOUT)) {
                throw new IllegalStateException("body failed");
            }
        }).hasMessage("body failed");

        assertThat(AppLifespans.clients(app)).isZero();
        assertThat(app.shutdowns.get()).isEqualTo(1);
    }

    @Test
    void anInterruptedThreadStillReleasesItsCountAndStaysInterrupted() {
        CheckedApp app = new CheckedApp();
        AppLifespans.Lease lease = AppLifespans.enter(app, TIMEOUT);

        Thread.currentThread().interrupt(); // e.g. a cancelled task leaving its block
        try {
            lease.close();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }

        assertThat(AppLifespans.clients(app)).isZero();
        assertThat(app.shutdowns.get()).isEqualTo(1);
    }

    @Test
    void closingALeaseTwiceCountsItOutOnce() {
        CheckedApp app = new CheckedApp();
        AppLifespans.Lease first = AppLifespans.enter(app, TIMEOUT);
        AppLifespans.Lease second = AppLifespans.enter(app, TIMEOUT);

        first.close();
        first.close();

        assertThat(AppLifespans.clients(app)).isEqualTo(1);
        assertThat(app.shutdowns.get()).isZero();
        second.close();
        assertThat(app.shutdowns.get()).isEqualTo(1);
    }

    @Test
    void aLeaseMayBeClosedOnAnotherThread() throws Exception {
        CheckedApp app = new CheckedApp();
        AppLifespans.Lease lease = AppLifespans.enter(app, TIMEOUT);

        threads.submit(lease::close).get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(app.shutdowns.get()).isEqualTo(1);
    }

    @Test
    void aFailedStartupKeepsNoCountAndTheNextEntryTriesAgain() {
        AtomicInteger attempts = new AtomicInteger();
        CheckedApp app = new CheckedApp() {
            @Override
            public void startup() throws Exception {
                if (attempts.incrementAndGet() == 1) {
                    throw new IllegalStateException("database not ready");
                }
                super.startup();
            }
        };

        assertThatThrownBy(() -> AppLifespans.enter(app, TIMEOUT))
                .isInstanceOf(AppLifespans.LifespanException.class)
                .hasMessageContaining("startup of " + app)
                .hasMessageContaining("database not ready");
        assertThat(AppLifespans.clients(app)).isZero();

        AppLifespans.enter(app, TIMEOUT).close();
        assertThat(app.startups.get()).isEqualTo(1);
        assertThat(app.shutdowns.get()).isEqualTo(1);
    }

    @Test
    void aFailedShutdownIsReportedAndTheAppCanStartAgain() {
        AtomicInteger shutdownAttempts = new AtomicInteger();
        CheckedApp app = new CheckedApp() {
            @Override
            public void shutdown() throws Exception {
                super.shutdown();
                if (shutdownAttempts.incrementAndGet() == 1) {
                    throw new IllegalStateException("flush failed");
                }
            }
        };
        AppLifespans.Lease lease = AppLifespans.enter(app, TIMEOUT);

        assertThatThrownBy(lease::close).isInstanceOf(AppLifespans.LifespanException.class)
                .hasMessageContaining("flush failed");

        assertThat(AppLifespans.clients(app)).isZero();
        AppLifespans.enter(app, TIMEOUT).close();
        assertThat(app.startups.get()).isEqualTo(2);
    }

    @Test
    void aStartupSlowerThanTheTimeoutFailsTheWaitingEntryNamingTheApp() throws Exception {
        SlowStartApp app = new SlowStartApp();
        Future<?> first = threads.submit(() -> AppLifespans.enter(app, TIMEOUT).close());
        assertThat(app.startupBegan.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        try {
            assertThatThrownBy(() -> AppLifespans.enter(app, Duration.ofMillis(50)))
                    .isInstanceOf(AppLifespans.LifespanException.class)
                    .hasMessageContaining("timed out")
                    .hasMessageContaining(app.toString());
        } finally {
            app.finishStartup.countDown();
        }
        first.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(AppLifespans.clients(app)).isZero();
        assertThat(app.startups.get()).isEqualTo(1);
    }

    @Test
    void equalButDistinctAppsHaveSeparateLifespans() {
        EqualApp one = new EqualApp();
        EqualApp two = new EqualApp();
        assertThat(one).isEqualTo(two);

        try (AppLifespans.Lease first = AppLifespans.enter(one, TIMEOUT);
                AppLifespans.Lease second = AppLifespans.enter(two, TIMEOUT)) {
            assertThat(one.startups.get()).isEqualTo(1);
            assertThat(two.startups.get()).isEqualTo(1);
            assertThat(AppLifespans.clients(one)).isEqualTo(1);
        }
        assertThat(one.shutdowns.get()).isEqualTo(1);
        assertThat(two.shutdowns.get()).isEqualTo(1);
    }

    @Test
    void aHookEnteringItsOwnAppFailsInsteadOfRecursing() {
        AtomicReference<Throwable> nested = new AtomicReference<>();
        CheckedApp app = new CheckedApp();
        CheckedApp selfEntering = new CheckedApp() {
            @Override
            public void startup() throws Exception {
                super.startup();
                try {
                    AppLifespans.enter(this, TIMEOUT).close();
                } catch (RuntimeException e) {
                    nested.set(e);
                }
                AppLifespans.enter(app, TIMEOUT).close(); // another app is fine
            }
        };

        AppLifespans.enter(selfEntering, TIMEOUT).close();

        assertThat(nested.get()).isInstanceOf(AppLifespans.LifespanException.class)
                .hasMessageContaining("its own lifespan");
        assertThat(selfEntering.startups.get()).isEqualTo(1);
        assertThat(app.startups.get()).isEqualTo(1);
    }

    @Test
    void nullsAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> AppLifespans.enter(null, TIMEOUT)).hasMessageContaining("app");
        assertThatThrownBy(() -> AppLifespans.enter(new CheckedApp(), null)).hasMessageContaining("timeout");
    }

    /** Waits (bounded) until {@code count} of {@code candidates} are parked waiting for the lifespan. */
    private static void awaitAllBlocked(List<Thread> candidates, int count) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            int blocked = 0;
            synchronized (candidates) {
                for (Thread thread : candidates) {
                    Thread.State state = thread.getState();
                    if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                        blocked++;
                    }
                }
            }
            if (blocked >= count) {
                return;
            }
            assertThat(System.nanoTime()).as("threads blocked before the deadline").isLessThan(deadline);
            Thread.yield();
        }
    }

    private static void awaitClients(RequestHandler app, int count) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (AppLifespans.clients(app) < count) {
            assertThat(System.nanoTime()).as("%s clients before the deadline", count).isLessThan(deadline);
            Thread.yield();
        }
    }

    /**
     * An app whose hooks and body check the lifespan's promises and record every breach: no
     * startup while running, no shutdown while a client is inside, no client inside a stopped app.
     */
    static class CheckedApp implements RequestHandler, Lifespan {
        final AtomicInteger startups = new AtomicInteger();
        final AtomicInteger shutdowns = new AtomicInteger();
        final AtomicInteger inside = new AtomicInteger();
        final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        volatile boolean running;

        @Override
        public ApiResponse handle(ApiRequest request) {
            return ApiResponse.json(200, "{}");
        }

        @Override
        public Lifespan lifespan() {
            return this;
        }

        @Override
        public void startup() throws Exception {
            if (running) {
                violations.add("startup while running");
            }
            running = true;
            startups.incrementAndGet();
        }

        @Override
        public void shutdown() throws Exception {
            if (!running) {
                violations.add("shutdown while stopped");
            }
            if (inside.get() != 0) {
                violations.add("shutdown with " + inside.get() + " clients inside");
            }
            running = false;
            shutdowns.incrementAndGet();
        }

        /** What a client does inside its lease: the app must be running throughout. */
        void use() {
            inside.incrementAndGet();
            try {
                if (!running) {
                    violations.add("a client inside a stopped app");
                }
                Thread.yield();
                if (!running) {
                    violations.add("the app stopped under a client");
                }
            } finally {
                inside.decrementAndGet();
            }
        }
    }

    /** An app whose startup signals that it began and then waits until the test lets it finish. */
    static final class SlowStartApp extends CheckedApp {
        final CountDownLatch startupBegan = new CountDownLatch(1);
        final CountDownLatch finishStartup = new CountDownLatch(1);

        @Override
        public void startup() throws Exception {
            startupBegan.countDown();
            if (!finishStartup.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                violations.add("the test never let the startup finish");
            }
            super.startup();
        }
    }

    /** An app equal to every other, as a record handler would be. */
    static final class EqualApp extends CheckedApp {
        @Override
        public boolean equals(Object other) {
            return other instanceof EqualApp;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }
}
