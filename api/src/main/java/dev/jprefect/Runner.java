package dev.jprefect;

import dev.jprefect.client.EventSubscription;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.Sleeper;
import dev.jprefect.client.schemas.Deployment;
import dev.jprefect.client.schemas.Event;
import dev.jprefect.client.schemas.EventFilter;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.FlowRunFilter;
import dev.jprefect.client.schemas.FlowRunQuery;
import dev.jprefect.client.schemas.IdFilter;
import dev.jprefect.client.schemas.SetStateStatus;
import dev.jprefect.client.schemas.StateCreate;
import dev.jprefect.client.schemas.StateFilter;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.internal.engine.DeployedRun;
import dev.jprefect.internal.engine.Environments;
import dev.jprefect.internal.engine.FlowParameters;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A long-running runner of deployments, as Prefect's {@code flow.serve()} / {@code serve(...)}: it
 * registers its deployments, then polls the server for their due scheduled runs every
 * {@code PREFECT_RUNNER_POLL_FREQUENCY} (runs due within the next {@value #PREFETCH_SECONDS} s
 * count) and runs at most {@code PREFECT_RUNNER_PROCESS_LIMIT} at once, each on its own thread.
 *
 * <p>A run's parameters are decoded into its flow's parameter type; one that does not fit fails
 * that run with a message naming the parameter, never the runner. A run the runner cannot start is
 * marked Crashed with the reason. A run set Cancelling (from the UI or the API) is seen on the
 * server's event stream ({@code prefect.flow-run.Cancelling} on {@code /events/out}, as Prefect's
 * runner watches it) or, where the server has no events or the stream breaks, at the next poll:
 * its thread is interrupted and the run is set Cancelled. {@link #close()} (also on SIGTERM
 * while {@link #serve()} blocks) stops polling and lets running runs finish for at most
 * {@code PREFECT_RUNNER_SHUTDOWN_TIMEOUT}, then interrupts them. Every wait is bounded. The wait
 * between polls is real time (a loop waiting on a test's virtual clock would race it forward), or
 * ends at once on {@link #pollNow()}; a prefetched run waits for its start on the client's clock
 * ({@link PrefectClient#sleeper()}), so with a harness's virtual clock a test advances the clock,
 * calls {@code pollNow()} and awaits {@link #finished}.
 *
 * <pre>{@code
 * try (Runner runner = Runner.create(client)) {
 *     runner.add(FlowDeployment.fromEntrypoint("com.example.Flows#etl", "nightly").withCron("0 2 * * *", "UTC"));
 *     runner.serve(); // until SIGTERM
 * }
 * }</pre>
 */
public final class Runner implements AutoCloseable {

    /** How far ahead a poll looks for due runs, Prefect's runner's {@code prefetch_seconds} default. */
    static final int PREFETCH_SECONDS = 10;

    /** The event Prefect's server emits when a flow run enters Cancelling. */
    private static final String CANCELLING_EVENT = "prefect.flow-run.Cancelling";
    private static final String FLOW_RUN_RESOURCE = "prefect.flow-run.";

    private static final System.Logger LOG = System.getLogger("dev.jprefect.runner");

    private final PrefectClient client;
    private final Sleeper clock;
    private final Duration pollFrequency;
    private final int limit;
    private final Duration shutdownTimeout;
    private final Map<String, FlowDeployment> pending = new LinkedHashMap<>();
    private final Map<UUID, Served> served = new ConcurrentHashMap<>();
    private final Map<UUID, Running> running = new ConcurrentHashMap<>();
    private final Map<UUID, CompletableFuture<StateType>> outcomes = new ConcurrentHashMap<>();
    private final ExecutorService runs;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final AtomicReference<CompletableFuture<Void>> wake = new AtomicReference<>(new CompletableFuture<>());
    private Thread poller;
    private volatile EventSubscription cancellations;

    private Runner(PrefectClient client, Settings settings) {
        this.client = client;
        this.clock = client.sleeper();
        this.pollFrequency = settings.get(Setting.RUNNER_POLL_FREQUENCY);
        this.limit = settings.get(Setting.RUNNER_PROCESS_LIMIT);
        this.shutdownTimeout = settings.get(Setting.RUNNER_SHUTDOWN_TIMEOUT);
        this.runs = Executors.newFixedThreadPool(limit, task -> {
            Thread thread = new Thread(task, "jprefect-runner-run");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Returns a runner that reports to {@code client}, configured by {@code Settings.current()}. */
    public static Runner create(PrefectClient client) {
        return new Runner(Objects.requireNonNull(client, "client"), Settings.current());
    }

    /** Returns a runner that reports to the client flows use (see {@link Flows}). */
    public static Runner create() {
        return create(Environments.client());
    }

    /** Adds a deployment to serve; registered by {@link #start()}. Returns this runner. */
    public synchronized Runner add(FlowDeployment deployment) {
        Objects.requireNonNull(deployment, "deployment");
        if (poller != null) {
            throw new IllegalStateException("add deployments before start()");
        }
        pending.put(deployment.flow().name() + "/" + deployment.name(), deployment);
        return this;
    }

    /**
     * Registers the deployments and starts polling for their runs, then returns; see {@link #serve()}.
     *
     * @return the deployments as registered
     */
    public synchronized List<Deployment> start() {
        if (poller != null) {
            throw new IllegalStateException("the runner is already started");
        }
        List<Deployment> registered = new ArrayList<>();
        for (FlowDeployment deployment : pending.values()) {
            Deployment d = deployment.register(client);
            served.put(d.id(), new Served(deployment, FlowParameters.of(deployment.parameterType())));
            registered.add(d);
        }
        watchCancellations();
        poller = new Thread(this::pollLoop, "jprefect-runner-poll");
        poller.setDaemon(true);
        poller.start();
        LOG.log(System.Logger.Level.INFO, "Runner serving " + pending.keySet() + ", polling every "
                + pollFrequency.toMillis() / 1000.0 + " s for at most " + limit + " runs at once");
        return List.copyOf(registered);
    }

    /**
     * Starts (if not started) and blocks until the runner is closed, by {@link #close()} from another
     * thread or by SIGTERM/Ctrl-C (a shutdown hook closes it).
     */
    public void serve() {
        synchronized (this) {
            if (poller == null) {
                start();
            }
        }
        Thread hook = new Thread(this::close, "jprefect-runner-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            finished.join();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running or ran
            }
        }
    }

    /**
     * Returns a future of how this runner's run of {@code flowRunId} ends: its final state type
     * once the runner is done with it (Completed, Failed, Crashed, Cancelled...), whenever that run
     * is picked up. For monitoring and tests; the future never completes for a run this runner does
     * not run.
     */
    public CompletableFuture<StateType> finished(UUID flowRunId) {
        return outcomes.computeIfAbsent(Objects.requireNonNull(flowRunId, "flowRunId"), id -> new CompletableFuture<>());
    }

    /** Returns the ids of the flow runs running now. */
    public List<UUID> runningFlowRuns() {
        return List.copyOf(running.keySet());
    }

    private void pollLoop() {
        while (!stopped.isDone()) {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Runner poll failed, trying again in "
                        + pollFrequency.toMillis() / 1000.0 + " s: " + e.getMessage());
            }
            CompletableFuture<Void> poke = wake.get();
            CompletableFuture.anyOf(Sleeper.system().sleep(pollFrequency), stopped, poke).join();
            wake.compareAndSet(poke, new CompletableFuture<>());
        }
    }

    /** Makes the runner poll now instead of at the end of the current poll interval. */
    public void pollNow() {
        wake.get().complete(null);
    }

    /** One poll: cancel runs set Cancelling, then start due runs while there is room. */
    private void pollOnce() {
        checkCancellations();
        int room = limit - running.size();
        if (room <= 0 || served.isEmpty()) {
            return;
        }
        OffsetDateTime before = OffsetDateTime.ofInstant(clock.now().plusSeconds(PREFETCH_SECONDS), ZoneOffset.UTC);
        List<FlowRun> due = new ArrayList<>(client.getScheduledFlowRuns(List.copyOf(served.keySet()), before, room));
        due.sort(Comparator.comparing(FlowRun::nextScheduledStartTime,
                Comparator.nullsFirst(Comparator.naturalOrder())));
        for (FlowRun run : due) {
            if (stopped.isDone() || running.size() >= limit) {
                return;
            }
            if (!running.containsKey(run.id())) {
                submit(run);
            }
        }
    }

    private void submit(FlowRun run) {
        Served deployment = served.get(run.deploymentId());
        if (deployment == null) {
            return; // not one of ours (the server answered more than asked)
        }
        Running slot = new Running(new CompletableFuture<>());
        running.put(run.id(), slot);
        try {
            slot.future = runs.submit(() -> {
                try {
                    execute(deployment, run);
                } finally {
                    running.remove(run.id());
                    slot.ended.complete(null);
                    if (!slot.cancelling.get()) {
                        recordOutcome(run.id());
                    }
                }
            });
        } catch (RuntimeException e) {
            running.remove(run.id());
            slot.ended.complete(null);
            crash(run, "the runner could not start it: " + e);
            recordOutcome(run.id());
        }
    }

    /** Completes {@link #finished} for the run with its state type as the server has it now. */
    private void recordOutcome(UUID runId) {
        try {
            finished(runId).complete(client.readFlowRun(runId).stateType());
        } catch (RuntimeException e) {
            finished(runId).completeExceptionally(e);
        }
    }

    private void execute(Served deployment, FlowRun run) {
        Runnable scope = Environments.using(client); // the run reports to this runner's client
        try {
            OffsetDateTime start = run.nextScheduledStartTime();
            if (start != null) { // prefetched: wait for its time (bounded by the prefetch window)
                Duration early = Duration.between(clock.now(), start.toInstant());
                if (!early.isNegative()) {
                    clock.sleep(early).get(PREFETCH_SECONDS + 1L, TimeUnit.SECONDS);
                }
            }
            var answer = client.setFlowRunState(run.id(), StateCreate.of(StateType.PENDING), false);
            if (answer.status() != SetStateStatus.ACCEPT) {
                return; // another runner or worker took it, or it was cancelled meanwhile
            }
            StateType end = DeployedRun.execute(deployment.flow.flow().spec(), deployment.parameters, run, client);
            LOG.log(System.Logger.Level.INFO, "Flow run '" + run.name() + "' of deployment '"
                    + deployment.flow.name() + "' ended " + end);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | TimeoutException | ExecutionException e) {
            if (!Thread.currentThread().isInterrupted()) {
                crash(run, "the runner could not run it: " + e);
            }
        } finally {
            scope.run();
        }
    }

    private void checkCancellations() {
        if (running.isEmpty()) {
            return;
        }
        List<FlowRun> cancelling = client.readFlowRuns(FlowRunQuery.all().withFlowRuns(FlowRunFilter.all()
                .withId(IdFilter.anyOf(List.copyOf(running.keySet())))
                .withState(StateFilter.typeIn(StateType.CANCELLING))));
        for (FlowRun run : cancelling) {
            cancel(run.id());
        }
    }

    /**
     * Subscribes to the server's {@code prefect.flow-run.Cancelling} events and cancels a run of ours
     * when one arrives; without events (a server that has none, a broken stream) polling does it.
     */
    private void watchCancellations() {
        try {
            cancellations = client.subscribeEvents(EventFilter.all()
                    .withEvent(EventFilter.Name.named(CANCELLING_EVENT))
                    .withResource(EventFilter.Resource.idPrefix(FLOW_RUN_RESOURCE)));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "Runner: no event stream (" + e.getMessage()
                    + "); cancellations are found by polling");
            return;
        }
        Thread watcher = new Thread(() -> {
            while (!stopped.isDone()) {
                Event event;
                try {
                    event = cancellations.next().get();
                } catch (InterruptedException e) {
                    return;
                } catch (ExecutionException | RuntimeException e) {
                    if (!stopped.isDone()) {
                        LOG.log(System.Logger.Level.INFO, "Runner: the event stream ended (" + e.getMessage()
                                + "); cancellations are found by polling");
                    }
                    return;
                }
                try {
                    cancel(UUID.fromString(event.resourceId().substring(FLOW_RUN_RESOURCE.length())));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Runner: could not cancel on " + event.resourceId()
                            + ": " + e.getMessage());
                }
            }
        }, "jprefect-runner-cancellations");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Interrupts the run's thread, waits (bounded) for it to end, then sets the run Cancelled. */
    private void cancel(UUID runId) {
        Running slot = running.get(runId);
        if (slot == null || slot.future == null || !slot.cancelling.compareAndSet(false, true)) {
            return; // not ours, not started, or being cancelled already
        }
        slot.future.cancel(true);
        try {
            slot.ended.get(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "Flow run " + runId + " did not stop within "
                    + shutdownTimeout.toSeconds() + " s of its interruption");
        }
        client.setFlowRunState(runId, StateCreate.of(StateType.CANCELLED)
                .withMessage("Flow run was cancelled by the runner"), true);
        recordOutcome(runId);
    }

    private void crash(FlowRun run, String reason) {
        try {
            DeployedRun.crash(client, run.id(), reason);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Could not mark flow run " + run.id() + " Crashed (" + reason + "): "
                    + e.getMessage());
        }
    }

    /**
     * Stops polling, lets the running flow runs finish for at most {@code PREFECT_RUNNER_SHUTDOWN_TIMEOUT},
     * then interrupts those left (they end Crashed). Idempotent; does not close the client.
     */
    @Override
    public void close() {
        if (!stopped.complete(null)) {
            finished.join();
            return;
        }
        EventSubscription events = cancellations;
        if (events != null) {
            events.close(); // ends the watcher's wait
        }
        try {
            if (poller != null) {
                poller.join(shutdownTimeout.toMillis());
            }
            runs.shutdown();
            if (!runs.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "Runner stopping: interrupting " + running.size()
                        + " flow runs still running after " + shutdownTimeout.toSeconds() + " s");
                runs.shutdownNow();
                runs.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            runs.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            finished.complete(null);
        }
    }

    /** A deployment being served, with its flow's parameters. */
    private record Served(FlowDeployment flow, FlowParameters parameters) {
    }

    /** A run on one of the runner's threads. */
    private static final class Running {
        final CompletableFuture<Void> ended;
        volatile Future<?> future;
        final AtomicBoolean cancelling = new AtomicBoolean();

        Running(CompletableFuture<Void> ended) {
            this.ended = ended;
        }
    }
}
