package dev.jprefect.harness;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.Flow;
import dev.jprefect.client.schemas.FlowCreate;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.FlowRunCreate;
import dev.jprefect.client.schemas.StateCreate;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.client.schemas.TaskRun;
import dev.jprefect.client.schemas.TaskRunCreate;

/** Makes runs through the client's API, as the engine would, for tests that do not need flows. */
public final class Runs {

    private Runs() {
    }

    /** Creates a flow run of the flow {@code flowName} and walks it through {@code states}. */
    public static FlowRun flowRun(PrefectClient client, String flowName, StateType... states) {
        Flow flow = client.createFlow(FlowCreate.of(flowName));
        FlowRun run = client.createFlowRun(FlowRunCreate.of(flow.id()));
        for (StateType state : states) {
            client.setFlowRunState(run.id(), StateCreate.of(state), false);
        }
        return client.readFlowRun(run.id());
    }

    /** Creates a run of the task {@code taskName} in {@code flowRun} and walks it through {@code states}. */
    public static TaskRun taskRun(PrefectClient client, FlowRun flowRun, String taskName, int index, StateType... states) {
        TaskRun run = client.createTaskRun(TaskRunCreate.of(flowRun.id(), taskName + "-key", Integer.toString(index))
                .withName(taskName + "-" + index));
        for (StateType state : states) {
            client.setTaskRunState(run.id(), StateCreate.of(state), false);
        }
        return client.readTaskRun(run.id());
    }

    /** Sets a final state with a message on {@code run}. */
    public static void fail(PrefectClient client, TaskRun run, String message) {
        client.setTaskRunState(run.id(), new StateCreate(StateType.FAILED, "Failed", message, null, null), false);
    }
}
