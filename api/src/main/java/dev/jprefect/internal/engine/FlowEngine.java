package dev.jprefect.internal.engine;

import dev.jprefect.RunState;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.FlowRunCreate;
import dev.jprefect.client.schemas.FlowRunPolicy;
import dev.jprefect.client.schemas.FlowRunUpdate;
import dev.jprefect.client.schemas.State;
import dev.jprefect.client.schemas.StateCreate;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.client.schemas.TaskRunCreate;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Runs flows, after Prefect's {@code flow_engine.py}: registers the flow (once per client), creates
 * the flow run with its parameters (in a flow run, first a parent task run that links the subflow
 * to it), and drives its states with {@link RunDriver}. The flow's function and the waiting for the
 * task runs it submitted together make one attempt, which the timeout bounds.
 */
public final class FlowEngine {

    private FlowEngine() {
    }

    /** Runs the flow on this thread with {@code parameters} (null for a flow without parameters). */
    public static <P, R> RunState<R> call(FlowSpec<P, R> spec, P parameters) {
        Frame parent = Frames.frame();
        FlowRunScope parentFlow = parent == null ? null : parent.flow();
        Environment environment = Environments.current();
        Settings settings = Settings.current();
        PrefectClient client = environment.client();
        UUID flowId = environment.flowId(spec.name());

        UUID parentTaskRunId = null;
        if (parentFlow != null) {
            String dynamicKey = parentFlow.nextDynamicKey(spec.name());
            parentTaskRunId = client.createTaskRun(TaskRunCreate.of(parentFlow.flowRun().id(), spec.name(), dynamicKey)
                    .withName(spec.name() + "-" + dynamicKey)
                    .withState(StateCreate.of(StateType.PENDING))
                    .withTags(spec.tags())
                    .withTaskVersion(spec.version())
                    .withTaskInputs(TaskInputs.of(spec.takesParameters(), parameters, null, parent))).id();
        }
        int retries = retries(spec, settings);
        Map<String, Object> encoded = spec.takesParameters() ? JsonValues.parameters(parameters) : Map.of();
        FlowRun run = client.createFlowRun(FlowRunCreate.of(flowId)
                .withFlowVersion(spec.version())
                .withParameters(encoded)
                .withState(StateCreate.of(StateType.PENDING))
                .withParentTaskRunId(parentTaskRunId)
                .withTags(spec.tags())
                .withEmpiricalPolicy(retryPolicy(spec, settings)));

        return drive(spec, run, parameters, retries, parent, parentTaskRunId);
    }

    /**
     * Runs, on this thread, a flow run the server already has (one created from a deployment, by a
     * schedule, the API or an automation): gives it the flow's retry policy, then drives it from its
     * current state (e.g. Scheduled) as {@link #call} drives a new one. {@code parameters} are the
     * run's parameters decoded into the flow's parameter type.
     */
    public static <P, R> RunState<R> runExisting(FlowSpec<P, R> spec, FlowRun run, P parameters) {
        Settings settings = Settings.current();
        Environments.current().client().updateFlowRun(run.id(), FlowRunUpdate.empty()
                .withEmpiricalPolicy(retryPolicy(spec, settings)));
        return drive(spec, run, parameters, retries(spec, settings), null, null);
    }

    private static int retries(FlowSpec<?, ?> spec, Settings settings) {
        return spec.retries() != null ? spec.retries() : settings.get(Setting.FLOWS_DEFAULT_RETRIES);
    }

    /** The flow run's {@code empirical_policy}: the flow's retries and delay, or the settings' defaults. */
    private static FlowRunPolicy retryPolicy(FlowSpec<?, ?> spec, Settings settings) {
        Duration delay = spec.retryDelay() != null ? spec.retryDelay()
                : settings.get(Setting.FLOWS_DEFAULT_RETRY_DELAY_SECONDS);
        return FlowRunPolicy.retrying(retries(spec, settings), wholeSecondsUp(delay));
    }

    private static <P, R> RunState<R> drive(FlowSpec<P, R> spec, FlowRun run, P parameters, int retries, Frame parent,
            UUID parentTaskRunId) {
        FlowRunScope parentFlow = parent == null ? null : parent.flow();
        Environment environment = Environments.current();
        Settings settings = Settings.current();
        FinalState.RunLabel label = new FinalState.RunLabel(true, spec.name(), run.name(), run.id());
        RealRunLogger logger = RealRunLogger.forFlowRun(run.name(), run.id(), environment, spec.logToApi(), settings);
        FlowRunScope scope = new FlowRunScope(run, taskRunnerThreads(spec, settings));
        Frame frame = new Frame(environment, scope, null, logger);
        (parent != null ? parent.runLogger() : logger).info("Beginning %s run '%s' for flow '%s'",
                parentFlow != null ? "subflow" : "flow", run.name(), spec.name());

        RunDriver.Finish finish;
        Frame before = Frames.enter(frame);
        try {
            finish = RunDriver.drive(new Proposer(environment, run.id(), false),
                    new Hooks<>(spec, parameters, retries, environment, frame, scope), logger, environment);
        } finally {
            scope.runner().close(handle -> handle.cancelUnclaimed("not run: flow run '" + run.name()
                    + "' ended before this task run started", environment.sleeper().now()));
            Frames.restore(before);
        }
        RunState<R> end = FinalState.of(label, finish);
        if (end.isCompleted()) {
            logger.info("Finished in state %s", end);
            if (parentFlow != null) {
                parentFlow.lineage().link(finish.value(), parentTaskRunId);
            }
        } else {
            logger.error("Finished in state %s", end);
        }
        if (parent == null) {
            environment.flushLogs(); // the outermost run ends: send its logs and its subflows' now
        }
        return end;
    }

    private static int taskRunnerThreads(FlowSpec<?, ?> spec, Settings settings) {
        if (spec.taskRunnerThreads() != null) {
            return spec.taskRunnerThreads();
        }
        return settings.get(Setting.TASKS_RUNNER_THREAD_POOL_MAX_WORKERS).orElse(TaskRunner.DEFAULT_THREADS);
    }

    /** A flow run's {@code retry_delay} is whole seconds on the wire; a fraction rounds up, never shortening it. */
    static int wholeSecondsUp(Duration delay) {
        long seconds = delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
        return (int) Math.min(seconds, Integer.MAX_VALUE);
    }

    /** The flow-specific parts of driving a flow run: the function and its task runner. */
    private static final class Hooks<P, R> implements RunDriver.Hooks {
        private final FlowSpec<P, R> spec;
        private final P parameters;
        private final int retries;
        private final Environment environment;
        private final Frame frame;
        private final FlowRunScope scope;

        Hooks(FlowSpec<P, R> spec, P parameters, int retries, Environment environment, Frame frame,
                FlowRunScope scope) {
            this.spec = spec;
            this.parameters = parameters;
            this.retries = retries;
            this.environment = environment;
            this.frame = frame;
            this.scope = scope;
        }

        @Override
        public String kind() {
            return "Flow run";
        }

        @Override
        public StateCreate running() {
            return StateCreate.of(StateType.RUNNING);
        }

        @Override
        public RunDriver.Finish finalInsteadOfRunning(State state) {
            return state.type() == StateType.COMPLETED
                    ? RunDriver.Finish.completed(state, null)
                    : new RunDriver.Finish(state, null, null, "the server ended the run instead of running it");
        }

        @Override
        public Invoker.Outcome invoke() {
            return Invoker.invoke(() -> {
                try {
                    return spec.fn().apply(parameters);
                } finally {
                    scope.runner().awaitAll(); // an attempt ends when the task runs it submitted have
                }
            }, spec.timeout(), frame);
        }

        @Override
        public StateCreate completed(Object value) {
            return StateCreate.of(StateType.COMPLETED);
        }

        @Override
        public int retries() {
            return retries;
        }
    }
}
