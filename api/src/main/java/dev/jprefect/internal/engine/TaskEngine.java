package dev.jprefect.internal.engine;

import dev.jprefect.RunException;
import dev.jprefect.RunState;
import dev.jprefect.TaskFuture;
import dev.jprefect.client.schemas.State;
import dev.jprefect.client.schemas.StateCreate;
import dev.jprefect.client.schemas.StateDetails;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.client.schemas.TaskRun;
import dev.jprefect.client.schemas.TaskRunCreate;
import dev.jprefect.client.schemas.TaskRunPolicy;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Runs tasks, after Prefect's {@code task_engine.py}: creates the task run (in the flow run active on
 * the thread, or in none), waits for upstream futures, and drives its states with {@link RunDriver};
 * a cache key in the Running proposal lets the server answer a cached Completed state, whose value
 * comes from the client's in-process {@link ResultStore}.
 */
public final class TaskEngine {


    private TaskEngine() {
    }

    /** Where a task run will be: its id, dynamic key and name, fixed when it is called or submitted. */
    private record Plan(FinalState.RunLabel label, String dynamicKey) {
    }

    /** Runs a task on this thread now; {@code upstream}, if not null, supplies the input. */
    public static <I, O> RunState<O> call(TaskSpec<I, O> spec, I input, TaskFuture<? extends I> upstream) {
        Frame parent = Frames.frame();
        Environment environment = Environments.current();
        return run(spec, environment, parent, plan(spec, parent), input, upstream, null);
    }

    /**
     * Submits a task to the task runner of the flow run active on this thread.
     *
     * @throws IllegalStateException if no flow run is active on this thread
     */
    public static <I, O> TaskFuture<O> submit(TaskSpec<I, O> spec, I input, TaskFuture<? extends I> upstream) {
        Frame parent = Frames.frame();
        if (parent == null || parent.flow() == null) {
            throw new IllegalStateException("task '" + spec.name() + "' was submitted outside a flow run: submit()"
                    + " and map() run tasks on a flow run's task runner, so call them inside a flow's function, or"
                    + " call the task directly");
        }
        Environment environment = parent.environment();
        Plan plan = plan(spec, parent);
        TaskRunHandle<O> handle = new TaskRunHandle<>(plan.label(), environment.sleeper().now());
        handle.work(dev.jprefect.settings.Settings.propagating(() -> {
            RunState<O> end;
            try {
                end = run(spec, environment, parent, plan, input, upstream, handle);
            } catch (RuntimeException | Error e) { // the engine itself failed, e.g. the API is unreachable
                String message = "could not run: " + RunDriver.describe(e);
                end = FinalState.failed(plan.label(), FinalState.local(StateType.CRASHED, "Crashed", message,
                        environment.sleeper().now()), message, e);
            }
            handle.end(end);
        }));
        parent.flow().runner().submit(handle);
        return handle;
    }

    private static Plan plan(TaskSpec<?, ?> spec, Frame parent) {
        FlowRunScope flow = parent == null ? null : parent.flow();
        String dynamicKey = flow != null ? flow.nextDynamicKey(spec.name()) : UUID.randomUUID().toString();
        String runName = spec.name() + "-" + (flow != null ? dynamicKey : dynamicKey.substring(0, 3));
        return new Plan(new FinalState.RunLabel(false, spec.name(), runName, UUID.randomUUID()), dynamicKey);
    }

    private static <I, O> RunState<O> run(TaskSpec<I, O> spec, Environment environment, Frame parent, Plan plan,
            I input, TaskFuture<? extends I> upstream, TaskRunHandle<O> handle) {
        Settings settings = Settings.current();
        FlowRunScope flow = parent == null ? null : parent.flow();
        UUID flowRunId = flow == null ? null : flow.flowRun().id();
        int retries = spec.retries() != null ? spec.retries() : settings.get(Setting.TASKS_DEFAULT_RETRIES);
        Duration delay = spec.retryDelay() != null ? spec.retryDelay()
                : settings.get(Setting.TASKS_DEFAULT_RETRY_DELAY_SECONDS);
        FinalState.RunLabel label = plan.label();
        TaskRun run = environment.client().createTaskRun(TaskRunCreate.of(flowRunId, spec.name(), plan.dynamicKey())
                .withId(label.runId())
                .withName(label.runName())
                .withState(StateCreate.of(StateType.PENDING))
                .withTags(spec.tags())
                .withTaskVersion(spec.version())
                .withEmpiricalPolicy(TaskRunPolicy.retrying(retries, delay.toNanos() / 1e9))
                .withTaskInputs(TaskInputs.of(spec.takesInput(), input, upstream, parent)));
        RealRunLogger logger = RealRunLogger.forTaskRun(run.name(), run.id(), flowRunId, environment, spec.logToApi(),
                settings);
        logger.debug("Created task run '%s' for task '%s'", run.name(), spec.name());
        if (handle != null) {
            handle.update(FinalState.interim(label, run.state()));
        }
        Proposer proposer = new Proposer(environment, run.id(), true);

        I actual = input;
        if (upstream != null) {
            try {
                actual = upstream.join();
            } catch (RunException e) {
                String message = "Upstream task run '" + upstream.taskRunId() + "' did not reach a 'COMPLETED' state.";
                State notReady = proposer.propose(StateCreate.of(StateType.PENDING, "NotReady").withMessage(message),
                        true).state();
                logger.error("Finished in state %s('%s')", notReady.name(), message);
                return FinalState.failed(label, notReady, message, e);
            }
        }

        Frame frame = new Frame(environment, flow, run, logger);
        Hooks<I, O> hooks = new Hooks<>(spec, actual, retries, environment, frame, logger);
        RunDriver.Finish finish;
        Frame before = Frames.enter(frame);
        try {
            finish = RunDriver.drive(proposer, hooks, logger, environment);
        } finally {
            Frames.restore(before);
        }
        RunState<O> end = FinalState.of(label, finish);
        if (end.isCompleted()) {
            if (flow != null) {
                flow.lineage().link(finish.value(), run.id());
            }
            logger.info("Finished in state %s", end);
        } else {
            logger.error("Finished in state %s", end);
        }
        if (flow == null) {
            environment.flushLogs(); // a task run outside any flow is a run of its own: its logs go now
        }
        return end;
    }

    /** The task-specific parts of driving a task run: the cache and the function. */
    private static final class Hooks<I, O> implements RunDriver.Hooks {
        private final TaskSpec<I, O> spec;
        private final I input;
        private final int retries;
        private final Environment environment;
        private final Frame frame;
        private final String cacheKey;
        private final OffsetDateTime cacheExpiration;
        private boolean refreshCache;

        Hooks(TaskSpec<I, O> spec, I input, int retries, Environment environment, Frame frame, RealRunLogger logger) {
            this.spec = spec;
            this.input = input;
            this.retries = retries;
            this.environment = environment;
            this.frame = frame;
            String key = null;
            if (spec.cacheKey() != null) {
                try {
                    key = spec.cacheKey().apply(input);
                } catch (RuntimeException e) {
                    logger.warning("The cache key function of task '%s' failed, so this run is not cached: %s",
                            spec.name(), RunDriver.describe(e));
                }
            }
            this.cacheKey = key;
            this.cacheExpiration = key == null || spec.cacheExpiration() == null ? null
                    : environment.sleeper().now().plus(spec.cacheExpiration()).atOffset(ZoneOffset.UTC);
        }

        @Override
        public String kind() {
            return "Task run";
        }

        @Override
        public StateCreate running() {
            if (cacheKey == null) {
                return StateCreate.of(StateType.RUNNING);
            }
            return StateCreate.of(StateType.RUNNING).withStateDetails(cacheDetails(refreshCache ? Boolean.TRUE : null));
        }

        @Override
        public RunDriver.Finish finalInsteadOfRunning(State state) {
            if (state.type() != StateType.COMPLETED) {
                return new RunDriver.Finish(state, null, null, "the server ended the run instead of running it");
            }
            String key = state.stateDetails().cacheKey() != null ? state.stateDetails().cacheKey() : cacheKey;
            ResultStore.Stored stored = key == null ? null : environment.results().get(key);
            if (stored != null) {
                frame.logger().debug("Using the result held for cache key '%s'", key);
                return RunDriver.Finish.completed(state, stored.value());
            }
            if (cacheKey != null && !refreshCache) {
                // the server has a cached state, but results are kept in memory only: compute it again
                frame.logger().info("No result is held in this process for cache key '%s'; running the task again",
                        cacheKey);
                refreshCache = true;
                return null;
            }
            return RunDriver.Finish.completed(state, null);
        }

        @Override
        public Invoker.Outcome invoke() {
            return Invoker.invoke(() -> spec.fn().apply(input), spec.timeout(), frame);
        }

        @Override
        public StateCreate completed(Object value) {
            if (cacheKey == null) {
                return StateCreate.of(StateType.COMPLETED);
            }
            environment.results().put(cacheKey, value); // before the server can hand the key out
            return StateCreate.of(StateType.COMPLETED).withStateDetails(cacheDetails(null));
        }

        @Override
        public int retries() {
            return retries;
        }

        private StateDetails cacheDetails(Boolean refresh) {
            return new StateDetails(null, null, null, null, cacheKey, cacheExpiration, null, null, null, null, null,
                    null, refresh, null, null, null, null, null);
        }
    }
}
