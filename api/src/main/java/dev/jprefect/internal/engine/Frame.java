package dev.jprefect.internal.engine;

import dev.jprefect.RunContext;
import dev.jprefect.RunLogger;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.TaskRun;
import java.util.Optional;

/** One active run on a thread: the {@link RunContext} behind {@code RunContext.current()}. */
final class Frame implements RunContext {
    private final Environment environment;
    private final FlowRunScope flow;
    private final TaskRun task;
    private final RealRunLogger logger;

    /**
     * @param environment the client the run reports to
     * @param flow the flow run, or null for a task called outside any flow
     * @param task the task run, or null in a flow's own function
     * @param logger the run's logger
     */
    Frame(Environment environment, FlowRunScope flow, TaskRun task, RealRunLogger logger) {
        this.environment = environment;
        this.flow = flow;
        this.task = task;
        this.logger = logger;
    }

    Environment environment() {
        return environment;
    }

    /** Returns the flow run, or null. */
    FlowRunScope flow() {
        return flow;
    }

    /** Returns the task run, or null. */
    TaskRun task() {
        return task;
    }

    RealRunLogger runLogger() {
        return logger;
    }

    @Override
    public Optional<FlowRun> flowRun() {
        return flow == null ? Optional.empty() : Optional.of(flow.flowRun());
    }

    @Override
    public Optional<TaskRun> taskRun() {
        return Optional.ofNullable(task);
    }

    @Override
    public RunLogger logger() {
        return logger;
    }

    @Override
    public PrefectClient client() {
        return environment.client();
    }

    @Override
    public String toString() {
        return "RunContext[flowRun=" + (flow == null ? null : flow.flowRun().name())
                + ", taskRun=" + (task == null ? null : task.name()) + "]";
    }
}
