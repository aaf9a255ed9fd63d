package dev.jprefect;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.Deployment;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.internal.engine.DeployedRun;
import dev.jprefect.internal.engine.Environments;
import dev.jprefect.internal.engine.FlowParameters;
import java.util.Objects;
import java.util.UUID;

/**
 * Runs a flow run the server created, by its id, as Prefect's {@code prefect flow-run execute}:
 * reads the run and its deployment, finds the flow through the deployment's Java entrypoint
 * ({@link Entrypoint}, e.g. {@code com.example.Flows#etl}), decodes the run's parameters and runs
 * it. A run that cannot be started (no deployment, no entrypoint, an entrypoint that names no flow)
 * is marked Crashed with the reason.
 *
 * <p>This is how Prefect's workers start Java flows: a process work pool whose job {@code command}
 * is the {@code java} line (the worker sets {@code PREFECT__FLOW_RUN_ID} and {@code PREFECT_API_URL}):
 *
 * <pre>{@code
 * java -cp app.jar:jprefect-api.jar:jprefect-transport-http.jar:... dev.jprefect.FlowRunExecution
 * }</pre>
 *
 * (or {@code jprefect flow-run execute ID} with the cli module).
 */
public final class FlowRunExecution {

    /** The environment variable Prefect's workers set to the id of the flow run to execute. */
    public static final String FLOW_RUN_ID_VARIABLE = "PREFECT__FLOW_RUN_ID";

    private FlowRunExecution() {
    }

    /**
     * Runs the flow run {@code flowRunId} on this thread, reporting to {@code client}, finding the
     * flow's class with {@code loader}; returns its final state type (Crashed if it could not start).
     */
    public static StateType execute(PrefectClient client, UUID flowRunId, ClassLoader loader) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(loader, "loader");
        FlowRun run = client.readFlowRun(Objects.requireNonNull(flowRunId, "flowRunId"));
        Entrypoint found;
        FlowParameters parameters;
        try {
            if (run.deploymentId() == null) {
                throw new IllegalArgumentException("flow run " + run.id() + " has no deployment, so no entrypoint"
                        + " names its flow");
            }
            Deployment deployment = client.readDeployment(run.deploymentId());
            if (deployment.entrypoint() == null) {
                throw new IllegalArgumentException("deployment '" + deployment.name() + "' has no entrypoint");
            }
            found = Entrypoint.resolve(deployment.entrypoint(), loader);
            parameters = FlowParameters.of(found.parameterType());
        } catch (IllegalArgumentException e) {
            DeployedRun.crash(client, run.id(), "Flow could not be started: " + e.getMessage());
            return StateType.CRASHED;
        }
        Runnable scope = Environments.using(client);
        try {
            return DeployedRun.execute(found.flow().spec(), parameters, run, client);
        } finally {
            scope.run();
        }
    }

    /**
     * Runs the flow run whose id is the first argument or, without one, {@value #FLOW_RUN_ID_VARIABLE};
     * the API is the one the settings name ({@code PREFECT_API_URL}). Exits 0 if the run completed,
     * 1 if it did not, 2 on a usage error.
     */
    public static void main(String[] args) {
        String id = args.length > 0 ? args[0] : System.getenv(FLOW_RUN_ID_VARIABLE);
        UUID flowRunId;
        try {
            flowRunId = UUID.fromString(Objects.requireNonNull(id, "no flow run id"));
        } catch (RuntimeException e) {
            System.err.println("usage: FlowRunExecution FLOW_RUN_ID (or set " + FLOW_RUN_ID_VARIABLE
                    + "); got '" + id + "'");
            System.exit(2);
            return;
        }
        StateType end;
        try (PrefectClient client = PrefectClient.create()) {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            end = execute(client, flowRunId, loader != null ? loader : FlowRunExecution.class.getClassLoader());
        }
        System.out.println("Flow run '" + flowRunId + "' finished in state " + end);
        System.exit(end == StateType.COMPLETED ? 0 : 1);
    }
}
