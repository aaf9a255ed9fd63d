package dev.jprefect.internal.engine;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.StateCreate;
import dev.jprefect.client.schemas.StateType;
import java.util.UUID;

/**
 * Runs a flow run that the server created (from a deployment: by a schedule, the API, an
 * automation, a worker), as Prefect's runner and its {@code flow_engine} do for a run they did not
 * create: decodes its parameters into the flow's parameter type, then drives it. A run whose
 * parameters do not fit ends Failed naming the parameter; one that cannot be started at all is
 * marked Crashed with the reason ({@link #crash}).
 */
public final class DeployedRun {

    private DeployedRun() {
    }

    /**
     * Runs {@code run} with {@code spec} on this thread and returns its final state type; a run
     * whose parameters do not fit {@code parameters} is set Failed without running.
     */
    @SuppressWarnings("unchecked")
    public static StateType execute(FlowSpec<?, ?> spec, FlowParameters parameters, FlowRun run, PrefectClient client) {
        Object decoded;
        try {
            decoded = parameters.decode(run.parameters());
        } catch (IllegalArgumentException e) {
            // Prefect's engine words it so when the parameters do not bind to the function
            client.setFlowRunState(run.id(), StateCreate.of(StateType.FAILED)
                    .withMessage("Validation of flow parameters failed with error: " + e.getMessage()), false);
            return StateType.FAILED;
        }
        FlowSpec<Object, Object> flow = (FlowSpec<Object, Object>) spec;
        return FlowEngine.runExisting(flow, run, decoded).type();
    }

    /** Marks the run {@code runId} Crashed (forced, whatever its state) with {@code reason} as its message. */
    public static void crash(PrefectClient client, UUID runId, String reason) {
        client.setFlowRunState(runId, StateCreate.of(StateType.CRASHED).withMessage(reason), true);
    }
}
