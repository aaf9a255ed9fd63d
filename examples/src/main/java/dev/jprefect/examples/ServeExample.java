package dev.jprefect.examples;

import dev.jprefect.FlowDeployment;
import dev.jprefect.Flows;
import dev.jprefect.Runner;
import java.util.Map;

/**
 * Serves {@link SalesEtl#ETL} as the deployment {@code daily-sales-etl/nightly}: a cron schedule at
 * 02:00 Paris time, default parameters, and the entrypoint {@code dev.jprefect.examples.SalesEtl#ETL}.
 * It registers the deployment, then runs its due runs (from the schedule, the UI or
 * {@code prefect deployment run 'daily-sales-etl/nightly'}) until Ctrl-C or SIGTERM, which let a
 * running run finish.
 *
 * <p>Run it against the server {@code PREFECT_API_URL} names (a real Prefect server; jprefect's own
 * server does not serve deployments yet):
 * <pre>
 * mvn -B -q -pl examples -am -DskipTests package exec:exec@serve
 * </pre>
 */
public final class ServeExample {

    /** The deployment: the ETL every night at 02:00 in Paris, on the day's orders in USD. */
    static final FlowDeployment NIGHTLY = FlowDeployment.fromEntrypoint("dev.jprefect.examples.SalesEtl#ETL", "nightly")
            .withCron("0 2 * * *", "Europe/Paris")
            .withParameters(Map.of("source", "orders.csv", "currency", "USD"))
            .withTags("example", "etl")
            .withDescription("The sales ETL of the examples module, every night");

    private ServeExample() {
    }

    /** Registers the deployment and serves it until the JVM is stopped. */
    public static void main(String[] args) {
        try (Runner runner = Runner.create()) {
            runner.add(NIGHTLY).start().forEach(d -> System.out.printf(
                    "Serving deployment 'daily-sales-etl/%s' (%s). Trigger a run with:%n"
                            + "  prefect deployment run 'daily-sales-etl/%s'%n", d.name(), d.id(), d.name()));
            runner.serve();
        } finally {
            Flows.shutdown();
        }
    }
}
