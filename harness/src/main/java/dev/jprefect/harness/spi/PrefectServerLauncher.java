package dev.jprefect.harness.spi;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Starts the real Prefect server for {@code PrefectTestHarness.Mode.PREFECT_SERVER}. The harness
 * picks the launcher named by {@code PREFECT_TESTING_PREFECT_SERVER} (default {@code process}: the
 * {@code prefect} command as a child process, built in); others are found with
 * {@link java.util.ServiceLoader}, e.g. {@code container} from the {@code harness-testcontainers}
 * module (the server in Docker).
 */
public interface PrefectServerLauncher {

    /** Returns the name {@code PREFECT_TESTING_PREFECT_SERVER} selects this launcher by. */
    String name();

    /**
     * Starts a server with empty storage and returns once {@code GET /api/health} answers; stops
     * whatever it started before throwing.
     *
     * @param settings the harness's extra settings: those not starting with {@code PREFECT_TESTING_}
     *     go to the server's environment; the launcher may read its own {@code PREFECT_TESTING_} ones
     * @param timeout how long start-up may take
     * @throws RuntimeException naming what did not start and why
     */
    RunningServer start(Map<String, String> settings, Duration timeout);

    /** A started server; {@link #close()} stops it and removes what it left, bounded. */
    interface RunningServer extends AutoCloseable {

        /** Returns the API URL as this process reaches it, e.g. {@code http://127.0.0.1:43117/api}. */
        URI apiUrl();

        @Override
        void close();
    }
}
