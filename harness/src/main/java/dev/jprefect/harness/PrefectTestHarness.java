package dev.jprefect.harness;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.harness.internal.HarnessStarter;
import dev.jprefect.settings.Setting;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Prefect server of its own for a test: jprefect's counterpart of Prefect's
 * {@code prefect_test_harness}. Each harness runs a new embedded server with empty storage, points
 * the code under test at it (settings, and the client flows report to), and on {@link #close()}
 * sends the run logs still queued, stops the server and restores the settings that were there
 * before.
 *
 * <p>Two modes over the same embedded server: {@link Mode#IN_PROCESS} (no socket, no connection
 * pool: the client calls the server on its own thread through an {@code inmemory://} URL) and
 * {@link Mode#SERVER} (the server on a free loopback port, reached over real HTTP); and
 * {@link Mode#PREFECT_SERVER}, the real Prefect server ({@code prefect server start}) as a child
 * process, for tests that must meet the real thing. Start-up is
 * bounded by {@code PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS} (or
 * {@link Builder#startupTimeout(Duration)}); if it is exceeded a {@link HarnessStartupException}
 * says which step did not finish.
 *
 * <pre>{@code
 * try (PrefectTestHarness harness = PrefectTestHarness.start()) {
 *     // this thread, and the threads it starts from now on, talk to the harness's server
 *     PrefectClient client = harness.client();
 *     assertThat(client.health()).isTrue();
 * }
 * }</pre>
 *
 * <p>{@link #start()} and {@link Builder#start()} point the calling thread at the harness (with a
 * thread-scoped {@code Settings.override}, inherited by threads it starts afterwards); close the
 * harness on the same thread. For JUnit 5 tests use {@code @PrefectTest} from
 * {@code dev.jprefect.harness.junit}, which gives each test (even tests running in parallel) its own
 * view.
 */
public interface PrefectTestHarness extends AutoCloseable {

    /** Where the harness's server runs. */
    enum Mode {
        /**
         * In the test's process behind an {@code inmemory://NAME/api} URL: no socket, no connection
         * pool, no thread hop. The fastest, and immune to HTTP-level interference.
         */
        IN_PROCESS,
        /**
         * On a free port of 127.0.0.1, reached through the JDK HTTP transport: what production
         * traffic looks like.
         */
        SERVER,
        /**
         * The real Prefect server, by default ({@value PrefectTestHarness#PREFECT_SERVER_SETTING}
         * unset or {@code process}) {@code prefect server start} (the command named by
         * {@value PrefectTestHarness#PREFECT_COMMAND_SETTING}, default {@code prefect} on the
         * {@code PATH}) on a free port of 127.0.0.1, with a fresh temporary {@code PREFECT_HOME}
         * (its own SQLite database), the API only (no UI, no background services, no analytics),
         * and the harness's extra settings in its environment. Start-up waits for
         * {@code /api/health}; a failure names the command and shows the server log's last lines.
         * {@link PrefectTestHarness#close()} stops the whole process tree (bounded) and deletes the
         * temporary files. Starting takes seconds, not milliseconds: share one harness per test class
         * ({@code @PrefectTest(scope = PER_CLASS)}). Time skipping is not available: the real server
         * keeps its own clock.
         */
        PREFECT_SERVER
    }

    /**
     * The jprefect setting naming the command that runs the real Prefect server in
     * {@link Mode#PREFECT_SERVER}: a path or a name on the {@code PATH}; default {@code prefect}.
     */
    String PREFECT_COMMAND_SETTING = "PREFECT_TESTING_PREFECT_COMMAND";

    /**
     * The jprefect setting naming how {@link Mode#PREFECT_SERVER} runs the real server: {@code process}
     * (the default: the {@code prefect} command as a child process) or the name of another
     * {@link dev.jprefect.harness.spi.PrefectServerLauncher}, e.g. {@code container} (the server in
     * Docker, from the {@code jprefect-harness-testcontainers} module).
     */
    String PREFECT_SERVER_SETTING = "PREFECT_TESTING_PREFECT_SERVER";

    /** Starts an {@link Mode#IN_PROCESS} harness and points the calling thread at it. */
    static PrefectTestHarness start() {
        return builder().start();
    }

    /** Starts a harness in {@code mode} and points the calling thread at it. */
    static PrefectTestHarness start(Mode mode) {
        return builder().mode(mode).start();
    }

    /** Returns a builder, for the mode, time skipping, a start-up timeout or extra settings. */
    static Builder builder() {
        return new Builder();
    }

    /** Returns the mode. */
    Mode mode();

    /** Returns the API URL of the harness's server, e.g. {@code inmemory://prefect-test-1a2b/api}. */
    URI apiUrl();

    /**
     * Returns a ready client of the harness's server (its health checked at start-up), closed with
     * the harness. Runs created through it belong to the harness's own session.
     */
    PrefectClient client();

    /** Returns the clock of the server and of the harness's clients: the system's or a {@link VirtualClock}. */
    InstantSource clock();

    /** Returns the virtual clock, if the harness skips time. */
    Optional<VirtualClock> virtualClock();

    /**
     * Returns the settings the harness applies in its scope ({@code PREFECT_API_URL} and the
     * others a client needs).
     */
    Map<String, String> settings();

    /** Returns queries over every run in the harness's server, whoever made it. */
    TestRuns runs();

    /**
     * Returns the harness's own session: the one {@link #client()} and {@link #enter()} use, and
     * that {@link #start()} entered on the calling thread.
     */
    HarnessSession session();

    /**
     * Opens another view of this harness, e.g. one per test when tests share a harness: its own
     * client, and queries over only the runs made while it is entered or through its client.
     *
     * @param name a name for reports, e.g. the test's display name
     */
    HarnessSession openSession(String name);

    /**
     * Points the calling thread, and threads it starts afterwards, at the harness's own session
     * until the returned scope is closed (on the same thread).
     */
    HarnessSession.Scope enter();

    /**
     * Sends the run logs still queued (by leaving the scope {@link #start()} entered), restores the
     * settings the starting thread had before, closes the sessions and their clients, and stops the
     * server (and frees its port). Idempotent.
     *
     * @throws IllegalStateException if the harness was entered on another thread by
     *     {@link Builder#start()} (the server is stopped all the same)
     */
    @Override
    void close();

    /** Configures and starts a {@link PrefectTestHarness}; not thread-safe. */
    final class Builder {
        private Mode mode = Mode.IN_PROCESS;
        private VirtualClock clock;
        private Duration startupTimeout;
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder() {
        }

        /** Sets the mode; default {@link Mode#IN_PROCESS}. */
        public Builder mode(Mode value) {
            this.mode = Objects.requireNonNull(value, "mode");
            return this;
        }

        /**
         * Turns time skipping on or off (default off): on, the server, the harness's clients and the
         * engine share a new {@link VirtualClock}, so retry delays, {@code Retry-After} waits and
         * scheduled start times pass at once.
         */
        public Builder timeSkipping(boolean enabled) {
            this.clock = enabled ? VirtualClock.start() : null;
            return this;
        }

        /** Skips time with {@code value}; see {@link #timeSkipping(boolean)}. */
        public Builder virtualClock(VirtualClock value) {
            this.clock = Objects.requireNonNull(value, "virtualClock");
            return this;
        }

        /**
         * Sets how long start-up may take; default {@code PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS}
         * (20 s unless set).
         */
        public Builder startupTimeout(Duration value) {
            Objects.requireNonNull(value, "startupTimeout");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive, was " + value);
            }
            this.startupTimeout = value;
            return this;
        }

        /**
         * Adds a setting that the server and the harness's clients read, and that the harness's scope
         * applies, e.g. {@code setting(Setting.SERVER_API_CSRF_PROTECTION_ENABLED, "true")}.
         */
        public Builder setting(Setting<?> setting, String value) {
            return setting(setting.name(), value);
        }

        /** Adds a setting by name; see {@link #setting(Setting, String)}. */
        public Builder setting(String name, String value) {
            settings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, () -> "value of " + name));
            return this;
        }

        /**
         * Starts the harness and points the calling thread at it.
         *
         * @throws HarnessStartupException if start-up fails or exceeds the timeout, naming the step
         */
        public PrefectTestHarness start() {
            return HarnessStarter.start(mode, clock, startupTimeout, settings, true);
        }

        /**
         * Starts the harness without pointing any thread at it: enter it with {@link #enter()} or a
         * session's {@link HarnessSession#enter()} where needed. The JUnit extension uses this.
         *
         * @throws HarnessStartupException if start-up fails or exceeds the timeout, naming the step
         */
        public PrefectTestHarness startDetached() {
            return HarnessStarter.start(mode, clock, startupTimeout, settings, false);
        }
    }
}
