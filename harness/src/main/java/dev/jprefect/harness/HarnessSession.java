package dev.jprefect.harness;

import dev.jprefect.client.PrefectClient;

/**
 * One view of a {@link PrefectTestHarness}, typically one test's: its own client, and queries over
 * only the runs it made. Tests that share a harness (per class, per run, in parallel) each get a
 * session, so none of them sees another's runs.
 *
 * <p>A run belongs to the session whose client created it. Code under test that builds its own
 * clients from the settings ({@code PrefectClient.create()}, flows and tasks) does the same while
 * the session is {@linkplain #enter() entered} on its thread: the session's settings tag every
 * request with the session (a header the harness's server reads), whatever transport carries it.
 *
 * <pre>{@code
 * try (HarnessSession session = harness.openSession("loads three rows");
 *      HarnessSession.Scope scope = session.enter()) {
 *     etl.call();
 *     assertThat(session.runs().flowRuns()).hasSize(1);
 * }
 * }</pre>
 */
public interface HarnessSession extends AutoCloseable {

    /** Returns the name given when the session was opened. */
    String name();

    /** Returns the harness this is a view of. */
    PrefectTestHarness harness();

    /** Returns the session's client; runs it creates belong to the session. Closed with the session. */
    PrefectClient client();

    /** Returns queries over the runs that belong to this session. */
    TestRuns runs();

    /**
     * Points the calling thread, and threads it starts afterwards, at this session: its settings
     * (the harness's API URL, transport and the session's tag) and its client for flows and tasks
     * ({@code Flows.using}), so runs report here and wait by the harness's clock. Close the scope on
     * the same thread; scopes nest.
     */
    Scope enter();

    /** Closes the client. Idempotent. The harness keeps running. */
    @Override
    void close();

    /** The time during which a thread is pointed at a session; closing it restores what was before. */
    interface Scope extends AutoCloseable {

        /**
         * Sends the run logs still queued for the session's client, then restores the calling
         * thread's client for flows and its settings.
         *
         * @throws IllegalStateException if closed on another thread than the one that entered
         */
        @Override
        void close();
    }
}
