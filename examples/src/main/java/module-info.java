/**
 * jprefect's runnable examples: {@code EtlExample}, a small sales ETL flow (extract, transform with
 * submitted tasks, a flaky currency service retried through the server, a cache, and a load subflow),
 * which prints its flow run, final state, duration and task runs.
 *
 * <p>Requires {@code dev.jprefect.api} only; the embedded server ({@code dev.jprefect.server}) and
 * the transports ({@code dev.jprefect.transport.inmemory}, {@code dev.jprefect.transport.http}) are
 * on the module path and found through {@code ServiceLoader}. Exports {@code dev.jprefect.examples}
 * so that the engine can record its records' components as run parameters. Reads
 * {@code PREFECT_API_URL}: unset, the flow runs on the embedded server in-process (ephemeral mode);
 * set, it reports to that server.
 *
 * @since 0.1
 */
module dev.jprefect.examples {
    // transitive: the exported SalesEtl.ETL is a dev.jprefect.Flow
    requires transitive dev.jprefect.api;

    exports dev.jprefect.examples;
}
