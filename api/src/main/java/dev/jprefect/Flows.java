package dev.jprefect;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.internal.engine.Environments;

/**
 * Chooses the client that flow runs and task runs report to.
 *
 * <p>By default runs report to a client made from {@code Settings.current()}, one per effective API
 * URL, kept for the JVM's life: with {@code PREFECT_API_URL} set, that server; without it and with
 * ephemeral mode allowed ({@code PREFECT_SERVER_ALLOW_EPHEMERAL_MODE}, on by default), the
 * embedded server of module {@code dev.jprefect.server}, started in-process on first use. These
 * clients are closed, after their logs are sent, by {@link #shutdown()} or when the JVM exits.
 *
 * <p>{@link #using(PrefectClient)} makes runs report to a client of your own instead, for the
 * current thread and the threads it starts while the scope is open (a test harness uses this to
 * point flows at its server and give them its clock: all the engine's waiting goes through the
 * client's {@link dev.jprefect.client.Sleeper}). A subflow or task always reports where its flow
 * run does.
 *
 * <pre>{@code
 * try (PrefectClient client = PrefectClientBuilder.create().sleeper(clock).build();
 *      Flows.ClientScope scope = Flows.using(client)) {
 *     etl.call(params);          // reports to client
 * }
 * }</pre>
 */
public final class Flows {
    private Flows() {
    }

    /**
     * Makes runs started on this thread, and on threads it starts while the scope is open, report
     * to {@code client}. Scopes nest. You keep ownership of the client: close the scope, then the
     * client.
     */
    public static ClientScope using(PrefectClient client) {
        return new ClientScope(Environments.using(client));
    }

    /**
     * Sends the queued run logs (waiting a bounded time) and closes the default clients, which in
     * ephemeral mode releases the embedded server. Idempotent; runs started later make new clients.
     */
    public static void shutdown() {
        Environments.shutdown();
    }

    /** An open {@link #using} scope; closing it (on the thread that opened it) sends the client's queued logs. */
    public static final class ClientScope implements AutoCloseable {
        private final Runnable close;

        private ClientScope(Runnable close) {
            this.close = close;
        }

        /**
         * Ends the scope: runs started afterwards report where they did before it. Idempotent.
         *
         * @throws IllegalStateException if called on another thread than the one that opened it
         */
        @Override
        public void close() {
            close.run();
        }
    }
}
