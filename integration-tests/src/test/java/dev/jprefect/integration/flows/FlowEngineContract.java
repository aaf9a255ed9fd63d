package dev.jprefect.integration.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.Flow;
import dev.jprefect.FlowRunException;
import dev.jprefect.Flows;
import dev.jprefect.RunContext;
import dev.jprefect.RunLogger;
import dev.jprefect.RunState;
import dev.jprefect.Task;
import dev.jprefect.TaskFuture;
import dev.jprefect.TaskRunException;
import dev.jprefect.client.ObjectNotFoundException;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientException;
import dev.jprefect.client.PrefectClientBuilder;
import dev.jprefect.client.schemas.FlowQuery;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.FlowRunFilter;
import dev.jprefect.client.schemas.FlowRunQuery;
import dev.jprefect.client.schemas.IdFilter;
import dev.jprefect.client.schemas.Log;
import dev.jprefect.client.schemas.LogFilter;
import dev.jprefect.client.schemas.LogQuery;
import dev.jprefect.client.schemas.State;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.client.schemas.TaskRun;
import dev.jprefect.client.schemas.TaskRunFilter;
import dev.jprefect.client.schemas.TaskRunQuery;
import dev.jprefect.client.schemas.TaskRunResult;
import dev.jprefect.harness.VirtualClock;
import dev.jprefect.integration.LostAnswers;
import dev.jprefect.integration.Via;
import dev.jprefect.server.PrefectServer;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.RequestHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flow and task engine against the real embedded server, as a contract every transport must
 * pass: one subclass serves the server in-process, another over HTTP on Netty. The server and the
 * client share a virtual clock, so retry delays and WAIT answers are honoured without taking time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@SuppressWarnings("try") // settings scopes and leases are held for their effect, not referenced
abstract class FlowEngineContract {

    /** Keeps run logs off the console (a strong reference, or JUL forgets the level). */
    private static final Logger PREFECT_LOGS = Logger.getLogger("prefect");

    static {
        PREFECT_LOGS.setLevel(Level.WARNING);
    }

    /** A flow's parameters as a record: its components are the flow run's named parameters. */
    public record Order(String customer, int quantity) {
    }

    VirtualClock clock;
    Scripted scripted;
    LostAnswers lostAnswers;
    PrefectClient client;
    private Via.Served served;
    private Flows.ClientScope scope;

    /** Serves {@code app} to the client the way this transport does. */
    abstract Via.Served serve(RequestHandler app);

    @BeforeEach
    void startServer() {
        clock = VirtualClock.start();
        served = serve(PrefectServer.builder().settings(Settings.isolated(Map.of())).clock(clock).build());
        scripted = new Scripted();
        lostAnswers = LostAnswers.ofStateProposals().disabled();
        client = PrefectClientBuilder.create()
                .settings(Settings.isolated(Map.of("PREFECT_API_URL", served.apiUrl().toString())))
                .sleeper(clock)
                .interceptor(scripted)
                .interceptor(lostAnswers)
                .build();
        scope = Flows.using(client);
    }

    @AfterEach
    void stopServer() {
        scope.close();
        client.close();
        served.close();
    }

    // ---------------------------------------------------------------- flows

    @Test
    void completedFlowReturnsItsValueAndRecordsItsParameters() {
        Flow<Order, String> fulfil = Flow.of("fulfil", (Order o) -> o.customer() + ":" + o.quantity());

        RunState<String> state = fulfil.callForState(new Order("ada", 3));

        assertThat(state.result()).isEqualTo("ada:3");
        FlowRun run = client.readFlowRun(state.runId());
        assertThat(run.parameters()).containsEntry("customer", "ada").containsEntry("quantity", 3L);
        assertThat(run.stateType()).isEqualTo(StateType.COMPLETED);
        assertThat(flowStateNames(run.id())).containsExactly("Pending", "Running", "Completed");
        assertThat(fulfil.call(new Order("bob", 1))).isEqualTo("bob:1");
    }

    @Test
    void flowIsRegisteredOncePerClient() {
        Flow<Void, Integer> answer = Flow.of("answer", () -> 42);

        answer.call();
        answer.call();
        answer.call();

        assertThat(scripted.count("POST", "/flows/")).isEqualTo(1);
        assertThat(client.readFlows(FlowQuery.all())).extracting(f -> f.name()).containsExactly("answer");
        assertThat(client.countFlowRuns(FlowRunQuery.all())).isEqualTo(3);
    }

    @Test
    void parametersThatCannotBeEncodedAreRecordedByTheirStringForm() {
        Object opaque = new Object() {
            @Override
            public String toString() {
                return "opaque-value";
            }
        };
        Flow<Map<String, Object>, Integer> flow = Flow.of("params", (Map<String, Object> p) -> p.size());
        Flow<Integer, Integer> single = Flow.of("single", (Integer n) -> n * 2);

        RunState<Integer> mapped = flow.callForState(Map.of("opaque", opaque, "n", 1, "list", List.of("a", "b")));
        RunState<Integer> one = single.callForState(21);

        assertThat(mapped.result()).isEqualTo(3);
        assertThat(client.readFlowRun(mapped.runId()).parameters()).containsEntry("opaque", "opaque-value")
                .containsEntry("n", 1L).containsEntry("list", List.of("a", "b"));
        assertThat(one.result()).isEqualTo(42);
        assertThat(client.readFlowRun(one.runId()).parameters()).containsExactly(Map.entry("input", 21L));
    }

    @Test
    void failedFlowThrowsAnExceptionNamingTheFlowTheRunAndTheCause() {
        Flow<Void, String> broken = Flow.of("broken", () -> {
            throw new IllegalStateException("boom");
        });

        assertThatThrownBy(broken::call)
                .isInstanceOfSatisfying(FlowRunException.class, e -> {
                    assertThat(e.flowName()).isEqualTo("broken");
                    assertThat(e.getMessage()).contains("Flow 'broken'", e.runId().toString(), "Failed",
                            "IllegalStateException: boom");
                    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
                    assertThat(client.readFlowRun(e.runId()).state().message())
                            .isEqualTo("Flow run encountered an exception: IllegalStateException: boom");
                });
    }

    @Test
    void flowsAndTasksMayThrowCheckedExceptionsWhichFailTheirRuns(@TempDir Path dir) throws IOException {
        Path order = Files.writeString(dir.resolve("order.txt"), "ada");
        Task<Path, String> read = Task.of("read", (Path p) -> Files.readString(p));
        Task<String, Integer> len = Task.of("len", (String s) -> s.length()).withRetries(1);
        List<Object> seen = new CopyOnWriteArrayList<>();
        Flow<Void, Void> etl = Flow.of("etl", () -> {
            String text = read.call(order);
            seen.add(text);
            seen.add(len.call(text));
        });

        RunState<Void> done = etl.callForState();
        RunState<String> missing = read.callForState(dir.resolve("missing.txt"));

        assertThat(done.type()).isEqualTo(StateType.COMPLETED);
        assertThat(done.result()).isNull();
        assertThat(seen).containsExactly("ada", 3);
        assertThat(missing.type()).isEqualTo(StateType.FAILED);
        assertThat(missing.failure().orElseThrow().getCause()).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void callForStateReturnsTheFailedStateInsteadOfThrowing() {
        Flow<Void, String> broken = Flow.of("broken", () -> {
            throw new IllegalArgumentException("bad input");
        });

        RunState<String> state = broken.callForState();

        assertThat(state.type()).isEqualTo(StateType.FAILED);
        assertThat(state.isFinal()).isTrue();
        assertThat(state.failure()).get().isInstanceOf(FlowRunException.class);
        assertThatThrownBy(state::result).isSameAs(state.failure().orElseThrow());
        assertThat(flowStateNames(state.runId())).containsExactly("Pending", "Running", "Failed");
    }

    @Test
    void anErrorCrashesTheFlowRun() {
        Flow<Void, String> crashing = Flow.of("crashing", () -> {
            throw new StackOverflowError("deep");
        });

        RunState<String> state = crashing.callForState();

        assertThat(state.type()).isEqualTo(StateType.CRASHED);
        assertThat(state.message()).contains("StackOverflowError: deep");
        assertThat(state.failure().orElseThrow().getCause()).isInstanceOf(StackOverflowError.class);
        assertThat(client.readFlowRun(state.runId()).stateType()).isEqualTo(StateType.CRASHED);
    }

    @Test
    void anInterruptionCrashesTheFlowRun() {
        Flow<Void, String> interrupted = Flow.of("interrupted", () -> {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stopped", new InterruptedException());
        });

        RunState<String> state;
        try {
            state = interrupted.callForState();
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt flag is kept for the caller").isTrue();
        }

        assertThat(state.type()).isEqualTo(StateType.CRASHED);
        assertThat(client.readFlowRun(state.runId()).stateType()).isEqualTo(StateType.CRASHED);
    }

    @Test
    void aFlowRunThatTakesTooLongTimesOutAndItsFunctionIsInterrupted() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Flow<Void, String> slow = Flow.of("slow", () -> {
            try {
                never.await(30, TimeUnit.SECONDS); // bounded: the interrupt is what should end it
                return "finished";
            } catch (InterruptedException e) {
                interrupted.countDown();
                return "interrupted";
            }
        }).withTimeout(Duration.ofMillis(100));

        RunState<String> state = slow.callForState();

        assertThat(state.type()).isEqualTo(StateType.FAILED);
        assertThat(state.name()).isEqualTo("TimedOut");
        assertThat(state.message()).isEqualTo("Flow run exceeded timeout of 0.1 second(s)");
        assertThat(state.failure().orElseThrow().getCause()).isInstanceOf(java.util.concurrent.TimeoutException.class);
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFailedFlowRunIsRetriedByTheServerAfterItsDelay() {
        AtomicInteger attempts = new AtomicInteger();
        Flow<Void, String> flaky = Flow.of("flaky", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("attempt " + attempts.get());
            }
            return "ok";
        }).withRetries(2).withRetryDelay(Duration.ofSeconds(5));

        RunState<String> state = flaky.callForState();

        assertThat(state.result()).isEqualTo("ok");
        assertThat(attempts).hasValue(3);
        assertThat(flowStateNames(state.runId())).containsExactly("Pending", "Running", "AwaitingRetry", "Retrying",
                "AwaitingRetry", "Retrying", "Completed");
        assertThat(client.readFlowRun(state.runId()).runCount()).isEqualTo(3);
        assertRetriesWaited(client.readFlowRunStates(state.runId()), Duration.ofSeconds(5));
    }

    @Test
    void aFlowRunWhoseRetriesAreExhaustedFails() {
        AtomicInteger attempts = new AtomicInteger();
        Flow<Void, String> hopeless = Flow.<String>of("hopeless", () -> {
            throw new IllegalStateException("attempt " + attempts.incrementAndGet());
        }).withRetries(1);

        RunState<String> state = hopeless.callForState();

        assertThat(state.type()).isEqualTo(StateType.FAILED);
        assertThat(attempts).hasValue(2);
        assertThat(state.message()).contains("attempt 2");
    }

    @Test
    void theDefaultFlowRetriesComeFromTheSettings() {
        AtomicInteger attempts = new AtomicInteger();
        Flow<Void, Integer> flaky = Flow.of("flaky-default", () -> {
            if (attempts.incrementAndGet() < 2) {
                throw new IllegalStateException("first");
            }
            return attempts.get();
        });

        try (Settings.Scope s = Settings.override(Map.of("PREFECT_FLOWS_DEFAULT_RETRIES", "1"))) {
            assertThat(flaky.call()).isEqualTo(2);
        }
    }

    @Test
    void aWaitAnswerIsWaitedOutBeforeProposingAgain() {
        scripted.answer(Scripted.setState("flow_runs", "RUNNING"),
                "{\"status\":\"WAIT\",\"details\":{\"type\":\"wait_details\",\"delay_seconds\":7,\"reason\":\"busy\"}}", 1);
        Flow<Void, String> flow = Flow.of("patient", () -> "done");

        RunState<String> state = flow.callForState();

        assertThat(state.result()).isEqualTo("done");
        List<State> states = client.readFlowRunStates(state.runId());
        assertThat(Duration.between(states.get(0).timestamp(), states.get(1).timestamp()))
                .as("Running entered at least the WAIT's 7 s after Pending").isGreaterThanOrEqualTo(Duration.ofSeconds(7));
        assertThat(scripted.count("POST", "/set_state")).isEqualTo(3); // WAIT, then Running and Completed
    }

    @Test
    void anAbortEndsTheRunWithoutRunningTheFunction() {
        scripted.answer(Scripted.setState("flow_runs", "RUNNING"),
                "{\"status\":\"ABORT\",\"details\":{\"type\":\"abort_details\",\"reason\":\"run is elsewhere\"},"
                        + "\"state\":null}", 1);
        AtomicInteger ran = new AtomicInteger();
        Flow<Void, Integer> flow = Flow.of("aborted", ran::incrementAndGet);

        assertThatThrownBy(flow::call).isInstanceOf(FlowRunException.class)
                .hasMessageContaining("aborted").hasMessageContaining("run is elsewhere");
        assertThat(ran).hasValue(0);
    }

    @Test
    void aRejectionToPendingIsPolledUntilTheRunMayStart() {
        scripted.answer(Scripted.setState("flow_runs", "RUNNING"),
                "{\"status\":\"REJECT\",\"details\":{\"type\":\"reject_details\",\"reason\":\"not yet\"},"
                        + "\"state\":{\"type\":\"PENDING\",\"name\":\"NotReady\"}}", 2);
        Flow<Void, String> flow = Flow.of("eventually", () -> "ran");

        assertThat(flow.call()).isEqualTo("ran");
        assertThat(clock.sleepCount()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aRejectionToAFinalStateEndsTheRunInThatState() {
        scripted.answer(Scripted.setState("flow_runs", "RUNNING"),
                "{\"status\":\"REJECT\",\"details\":{\"type\":\"reject_details\",\"reason\":\"cancelled\"},"
                        + "\"state\":{\"type\":\"CANCELLED\",\"name\":\"Cancelled\",\"message\":\"by a user\"}}", 1);
        AtomicInteger ran = new AtomicInteger();
        Flow<Void, Integer> flow = Flow.of("cancelled", ran::incrementAndGet);

        RunState<Integer> state = flow.callForState();

        assertThat(state.type()).isEqualTo(StateType.CANCELLED);
        assertThat(ran).hasValue(0);
        assertThatThrownBy(state::result).hasMessageContaining("Cancelled");
    }

    // ---------------------------------------------------------------- tasks

    @Test
    void taskCallsInAFlowCreateTaskRunsOfThatFlowRun() {
        Task<Integer, Integer> square = Task.of("square", (Integer n) -> n * n).withTags("math").withVersion("2");
        Flow<Void, Integer> flow = Flow.of("squares", () -> square.call(3) + square.call(4));

        RunState<Integer> state = flow.callForState();

        assertThat(state.result()).isEqualTo(25);
        List<TaskRun> runs = taskRuns(state.runId());
        assertThat(runs).extracting(TaskRun::name).containsExactly("square-0", "square-1");
        assertThat(runs).allSatisfy(run -> {
            assertThat(run.flowRunId()).isEqualTo(state.runId());
            assertThat(run.taskKey()).isEqualTo("square");
            assertThat(run.tags()).containsExactly("math");
            assertThat(run.taskVersion()).isEqualTo("2");
            assertThat(run.stateType()).isEqualTo(StateType.COMPLETED);
            assertThat(run.taskInputs()).containsOnlyKeys("input");
            assertThat(taskStateNames(run.id())).containsExactly("Pending", "Running", "Completed");
        });
        assertThat(runs).extracting(TaskRun::dynamicKey).containsExactly("0", "1");
    }

    @Test
    void aTaskCalledOutsideAnyFlowRunsAsATaskRunOfItsOwn() {
        Task<String, String> shout = Task.of("shout", (String s) -> {
            assertThat(RunContext.current().flowRun()).isEmpty();
            return s.toUpperCase() + RunContext.current().taskRun().orElseThrow().name().substring(0, 6);
        });

        assertThat(shout.call("hi")).isEqualTo("HIshout-");

        List<TaskRun> runs = client.readTaskRuns(TaskRunQuery.all());
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.flowRunId()).isNull();
            assertThat(run.stateType()).isEqualTo(StateType.COMPLETED);
        });
    }

    @Test
    void aFailedTaskFailsItsFlowRun() {
        Task<Void, String> broken = Task.of("broken-task", () -> {
            throw new UnsupportedOperationException("nope");
        });
        Flow<Void, String> flow = Flow.of("with-broken-task", () -> broken.call());

        RunState<String> state = flow.callForState();

        assertThat(state.type()).isEqualTo(StateType.FAILED);
        Throwable taskFailure = state.failure().orElseThrow().getCause();
        assertThat(taskFailure).isInstanceOfSatisfying(TaskRunException.class, e -> {
            assertThat(e.taskName()).isEqualTo("broken-task");
            assertThat(e.getMessage()).contains("Task 'broken-task' run 'broken-task-0'", "UnsupportedOperationException: nope");
            assertThat(e.getCause()).isInstanceOf(UnsupportedOperationException.class);
        });
        TaskRun run = taskRuns(state.runId()).get(0);
        assertThat(run.state().message()).isEqualTo("Task run encountered an exception: UnsupportedOperationException: nope");
    }

    @Test
    void aFailedTaskRunIsRetriedByTheServerAfterItsDelay() {
        AtomicInteger attempts = new AtomicInteger();
        Task<Void, String> flaky = Task.of("flaky-task", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("attempt " + attempts.get());
            }
            return "ok";
        }).withRetries(2).withRetryDelay(Duration.ofSeconds(3));
        Flow<Void, String> flow = Flow.of("retrying-task", () -> flaky.call());

        RunState<String> state = flow.callForState();

        assertThat(state.result()).isEqualTo("ok");
        TaskRun run = taskRuns(state.runId()).get(0);
        assertThat(taskStateNames(run.id())).containsExactly("Pending", "Running", "AwaitingRetry", "Retrying",
                "AwaitingRetry", "Retrying", "Completed");
        assertThat(run.runCount()).isEqualTo(3);
        assertThat(run.empiricalPolicy().retries()).isEqualTo(2);
        assertRetriesWaited(client.readTaskRunStates(run.id()), Duration.ofSeconds(3));
    }

    // ---------------------------------------------------------------- lost answers (issue 12, finding 8)

    @Test
    void aLostAnswerToAnyStateProposalIsRetriedAndAppliedOnce() {
        lostAnswers.enable();
        AtomicInteger taskAttempts = new AtomicInteger();
        AtomicInteger flowAttempts = new AtomicInteger();
        Task<Void, String> flaky = Task.of("flaky-task", () -> {
            if (taskAttempts.incrementAndGet() == 1) {
                throw new IllegalStateException("task attempt 1");
            }
            return "ok";
        }).withRetries(1).withRetryDelay(Duration.ofSeconds(3));
        Flow<Void, String> flakyFlow = Flow.of("flaky-flow", () -> {
            if (flowAttempts.incrementAndGet() == 1) {
                throw new IllegalStateException("flow attempt 1");
            }
            return flaky.call();
        }).withRetries(1).withRetryDelay(Duration.ofSeconds(3));

        RunState<String> state = flakyFlow.callForState();

        assertThat(state.result()).isEqualTo("ok");
        assertThat(flowStateNames(state.runId())).containsExactly("Pending", "Running", "AwaitingRetry", "Retrying",
                "Completed");
        assertThat(client.readFlowRun(state.runId()).runCount()).isEqualTo(2);
        TaskRun task = taskRuns(state.runId()).get(0);
        assertThat(taskStateNames(task.id())).containsExactly("Pending", "Running", "AwaitingRetry", "Retrying",
                "Completed");
        assertThat(task.runCount()).isEqualTo(2);
        // every proposal's first answer was lost: Running, Failed, Retrying, Completed of the flow run and the task run
        assertThat(lostAnswers.lost()).isEqualTo(8);
        assertThat(lostAnswers.answered()).isEqualTo(8);
    }

    /**
     * Issue 12, finding 11: the server goes away while a task runs. The task's proposal is retried
     * until the client gives up, and the flow run ends with that error at once, instead of waiting
     * out a second cycle of retries to propose Failed to a server that is gone.
     */
    @Test
    void aServerGoneDuringATaskEndsTheFlowAfterOneCycleOfRetries() {
        Task<Void, String> last = Task.of("last", () -> {
            served.close(); // kill -9
            return "unreported";
        });
        Flow<Void, String> flow = Flow.of("outage", () -> last.call());
        AtomicLong before = new AtomicLong();

        assertThatThrownBy(() -> {
            before.set(scripted.seen().size());
            flow.call();
        }).isInstanceOf(PrefectClientException.class)
                .hasMessageContaining("gave up after 6 attempts")
                .hasMessageContaining("PREFECT_CLIENT_MAX_RETRIES=5");
        List<String> sent = scripted.seen().subList((int) before.get(), scripted.seen().size());
        // Running of the flow run and of the task run, then the task run's Completed: 1 + 5 retries
        assertThat(sent.stream().filter(r -> r.endsWith("/set_state")).count()).as(sent.toString()).isEqualTo(2 + 6);
    }

    /** Issue 12, finding 11: a run the server lost (restarted without its data, or deleted) is named as such. */
    @Test
    void aFlowRunTheServerNoLongerHasIsReportedAsGone() {
        AtomicReference<UUID> id = new AtomicReference<>();
        Flow<Void, String> forgotten = Flow.of("forgotten", () -> {
            id.set(RunContext.current().flowRun().orElseThrow().id());
            client.deleteFlowRun(id.get()); // what a restarted in-memory server does to every run
            return "done";
        });

        assertThatThrownBy(() -> forgotten.call())
                .isInstanceOf(PrefectClientException.class)
                .hasMessageStartingWith("The flow run " + id.get() + " is gone from the Prefect API at ")
                .hasMessageContaining("proposing its Completed state was answered 404")
                .hasMessageContaining("restarted without keeping its data")
                .hasCauseInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void aTaskRunThatTakesTooLongTimesOut() {
        CountDownLatch never = new CountDownLatch(1);
        Task<Void, String> slow = Task.of("slow-task", () -> {
            try {
                never.await(30, TimeUnit.SECONDS); // bounded: the interrupt is what should end it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "late";
        }).withTimeout(Duration.ofMillis(100));
        Flow<Void, RunState<String>> flow = Flow.of("waits", () -> slow.callForState(null));

        RunState<String> taskState = flow.call();

        assertThat(taskState.name()).isEqualTo("TimedOut");
        assertThat(taskState.message()).isEqualTo("Task run exceeded timeout of 0.1 second(s)");
        assertThat(client.readTaskRun(taskState.runId()).stateName()).isEqualTo("TimedOut");
    }

    @Test
    void aCacheHitReturnsTheCachedValueWithoutRunningTheTask() {
        AtomicInteger runs = new AtomicInteger();
        Task<String, String> fetch = Task.of("fetch", (String key) -> key + "#" + runs.incrementAndGet())
                .withCacheKey(key -> "fetch:" + key, Duration.ofHours(1));
        Flow<Void, List<RunState<String>>> flow = Flow.of("cached",
                () -> List.of(fetch.callForState("a"), fetch.callForState("a"), fetch.callForState("b")));

        List<RunState<String>> states = flow.call();

        assertThat(states).extracting(RunState::result).containsExactly("a#1", "a#1", "b#2");
        assertThat(states).extracting(RunState::name).containsExactly("Completed", "Cached", "Completed");
        assertThat(runs).hasValue(2);
    }

    @Test
    void anExpiredCacheEntryRunsTheTaskAgain() {
        AtomicInteger runs = new AtomicInteger();
        Task<String, Integer> fetch = Task.of("fetch-expiring", (String key) -> runs.incrementAndGet())
                .withCacheKey(key -> key, Duration.ofMinutes(1));
        Flow<Void, Integer> flow = Flow.of("expiring", () -> fetch.call("k"));

        assertThat(flow.call()).isEqualTo(1);
        assertThat(flow.call()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(2));
        assertThat(flow.call()).isEqualTo(2);
    }

    @Test
    void aSubmittedTaskReturnsAFutureToJoinAwaitAndInspect() {
        Task<Integer, Integer> twice = Task.of("twice", (Integer n) -> n * 2);
        Flow<Void, List<Object>> flow = Flow.of("submits", () -> {
            TaskFuture<Integer> future = twice.submit(21);
            boolean ended = future.await(Duration.ofSeconds(30));
            return List.of(ended, future.join(), future.state().name(), future.taskRunId());
        });

        List<Object> seen = flow.call();

        assertThat(seen.subList(0, 3)).containsExactly(true, 42, "Completed");
        assertThat(client.readTaskRun((UUID) seen.get(3)).stateType()).isEqualTo(StateType.COMPLETED);
    }

    @Test
    void mapSubmitsOneRunPerElementInOrder() {
        Task<Integer, Integer> inc = Task.of("inc", (Integer n) -> n + 1);
        Flow<Void, List<Integer>> flow = Flow.of("mapping",
                () -> inc.map(List.of(1, 2, 3, 4)).stream().map(TaskFuture::join).collect(Collectors.toList()));

        RunState<List<Integer>> state = flow.callForState();

        assertThat(state.result()).containsExactly(2, 3, 4, 5);
        assertThat(taskRuns(state.runId())).extracting(TaskRun::dynamicKey).containsExactly("0", "1", "2", "3");
    }

    @Test
    void aFutureGivenAsInputIsAwaitedAndRecordedAsTheUpstreamRun() {
        Task<Void, String> extract = Task.of("extract", () -> "raw");
        Task<String, String> transform = Task.of("transform", (String s) -> s + "+clean");
        Flow<Void, String> flow = Flow.of("pipeline", () -> transform.submit(extract.submit()).join());

        RunState<String> state = flow.callForState();

        assertThat(state.result()).isEqualTo("raw+clean");
        Map<String, TaskRun> byKey = taskRuns(state.runId()).stream()
                .collect(Collectors.toMap(TaskRun::taskKey, r -> r));
        assertThat(byKey.get("transform").taskInputs().get("input"))
                .containsExactly(new TaskRunResult(byKey.get("extract").id()));
    }

    @Test
    void aResultPassedOnRecordsTheRunThatProducedIt() {
        Task<Integer, List<Integer>> range = Task.of("range", (Integer n) -> IntStream.range(0, n).boxed()
                .collect(Collectors.toList()));
        Task<List<Integer>, Integer> sum = Task.of("sum", (List<Integer> xs) -> xs.stream().mapToInt(i -> i).sum());
        Flow<Void, Integer> flow = Flow.of("lineage", () -> sum.call(range.call(5)));

        RunState<Integer> state = flow.callForState();

        assertThat(state.result()).isEqualTo(10);
        Map<String, TaskRun> byKey = taskRuns(state.runId()).stream()
                .collect(Collectors.toMap(TaskRun::taskKey, r -> r));
        assertThat(byKey.get("sum").taskInputs().get("input"))
                .containsExactly(new TaskRunResult(byKey.get("range").id()));
    }

    @Test
    void aFailedUpstreamRunLeavesTheDownstreamRunNotReady() {
        Task<Void, String> broken = Task.of("upstream", () -> {
            throw new IllegalStateException("no data");
        });
        Task<String, String> after = Task.of("downstream", (String s) -> s);
        Flow<Void, RunState<String>> flow = Flow.of("upstream-fails", () -> awaitState(after.submit(broken.submit())));

        RunState<String> downstream = flow.call();

        assertThat(downstream.type()).isEqualTo(StateType.PENDING);
        assertThat(downstream.name()).isEqualTo("NotReady");
        assertThatThrownBy(downstream::result).isInstanceOf(TaskRunException.class)
                .hasMessageContaining("did not reach a 'COMPLETED' state")
                .cause().isInstanceOf(TaskRunException.class);
    }

    @Test
    void submittingOutsideAFlowRunIsRefused() {
        Task<Void, String> lonely = Task.of("lonely", () -> "x");

        assertThatThrownBy(lonely::submit).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("task 'lonely' was submitted outside a flow run");
    }

    // ---------------------------------------------------------------- nesting and scale

    @Test
    void subflowsNestFiveDeepEachLinkedByATaskRunInItsParent() {
        List<Flow<Integer, Integer>> levels = new ArrayList<>();
        for (int depth = 5; depth >= 1; depth--) {
            int d = depth;
            Flow<Integer, Integer> inner = levels.isEmpty() ? null : levels.get(levels.size() - 1);
            levels.add(Flow.of("level-" + d, (Integer n) -> inner == null ? n : inner.call(n + 1)));
        }
        Flow<Integer, Integer> top = levels.get(levels.size() - 1);

        RunState<Integer> state = top.callForState(1);

        assertThat(state.result()).isEqualTo(5);
        UUID parent = state.runId();
        for (int depth = 2; depth <= 5; depth++) {
            List<TaskRun> parentTasks = taskRuns(parent);
            assertThat(parentTasks).singleElement().satisfies(t -> assertThat(t.stateType()).isEqualTo(StateType.COMPLETED));
            UUID parentTaskRunId = parentTasks.get(0).id();
            List<FlowRun> children = client.readFlowRuns(FlowRunQuery.all()
                    .withFlowRuns(FlowRunFilter.all().withParentTaskRunId(IdFilter.anyOf(parentTaskRunId))));
            assertThat(children).singleElement().satisfies(c -> assertThat(c.stateType()).isEqualTo(StateType.COMPLETED));
            assertThat(taskRuns(parent).get(0).taskKey()).isEqualTo("level-" + depth);
            parent = children.get(0).id();
        }
    }

    @Test
    void nestedSubmitsAndSubflowsOnAOneThreadTaskRunnerDoNotDeadlock() {
        Task<Integer, Integer> leaf = Task.of("leaf", (Integer n) -> n);
        Flow<Integer, Integer> sub = Flow.of("sub", (Integer n) -> leaf.submit(n).join() + leaf.submit(n).join())
                .withTaskRunnerThreads(1);
        Task<Integer, Integer> branch = Task.of("branch", (Integer n) -> leaf.submit(n).join() + sub.call(n));
        Flow<Void, Integer> flow = Flow.of("nested", () -> branch.map(List.of(1, 2, 3, 4)).stream()
                .mapToInt(TaskFuture::join).sum()).withTaskRunnerThreads(1);

        assertThat(flow.call()).isEqualTo(3 * (1 + 2 + 3 + 4));
    }

    @Test
    void aFlowSubmitsAThousandTasks() {
        Task<Integer, Integer> inc = Task.of("inc", (Integer n) -> n + 1);
        Flow<Void, Integer> flow = Flow.of("thousand", () -> inc.map(IntStream.range(0, 1000).boxed()
                .collect(Collectors.toList())).stream().mapToInt(TaskFuture::join).sum());

        RunState<Integer> state = flow.callForState();

        assertThat(state.result()).isEqualTo(1000 * 1001 / 2);
        TaskRunQuery completed = TaskRunQuery.all().withFlowRuns(FlowRunFilter.all().withId(IdFilter.anyOf(state.runId())))
                .withTaskRuns(TaskRunFilter.all().withState(dev.jprefect.client.schemas.StateFilter.typeIn(StateType.COMPLETED)));
        assertThat(client.countTaskRuns(completed)).isEqualTo(1000);
    }

    @Test
    void flowsRunConcurrentlyFromManyThreads() throws Exception {
        Task<Integer, Integer> square = Task.of("square", (Integer n) -> n * n);
        Flow<Integer, Integer> flow = Flow.of("concurrent",
                (Integer n) -> square.submit(n).join() + square.call(n));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                results.add(pool.submit(() -> flow.call(n))); // the scope is inherited by the pool's new threads
            }
            for (int i = 0; i < 40; i++) {
                assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(2 * i * i);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(client.countFlowRuns(FlowRunQuery.all())).isEqualTo(40);
        assertThat(client.countTaskRuns(TaskRunQuery.all())).isEqualTo(80);
    }

    @Test
    void theTaskRunnerHasTheThreadsTheSettingSays() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Task<Integer, Integer> record = Task.of("record", (Integer n) -> {
            threads.add(Thread.currentThread().getName());
            return n;
        });
        Flow<Void, Integer> flow = Flow.of("pooled", () -> record.map(IntStream.range(0, 50).boxed()
                .collect(Collectors.toList())).stream().mapToInt(TaskFuture::join).sum());

        try (Settings.Scope s = Settings.override(Map.of("PREFECT_TASKS_RUNNER_THREAD_POOL_MAX_WORKERS", "2"))) {
            flow.call();
        }

        // a pool of n threads names them ...-1 to ...-n; with 16 (the setting ignored), 50 submissions make 16
        assertThat(threads.stream().filter(t -> t.startsWith("jprefect-task-runner-"))
                .mapToInt(t -> Integer.parseInt(t.substring(t.lastIndexOf('-') + 1))).max().orElse(0))
                .isLessThanOrEqualTo(2);
    }

    // ---------------------------------------------------------------- context and logs

    @Test
    void submittedTasksSeeTheContextAndSettingsScopeOfTheirFlowRun() {
        Task<Void, String> probe = Task.of("probe", () -> RunContext.current().flowRun().orElseThrow().name()
                + "|" + RunContext.current().taskRun().orElseThrow().name()
                + "|" + Settings.current().raw("JPREFECT_TEST_MARK").orElse("none"));
        Flow<Void, List<String>> flow = Flow.of("context", () -> {
            String flowRunName = RunContext.current().flowRun().orElseThrow().name();
            assertThat(RunContext.current().taskRun()).isEmpty();
            try (Settings.Scope s = Settings.override(Map.of("JPREFECT_TEST_MARK", "scoped"))) {
                return List.of(flowRunName, probe.submit().join());
            }
        });

        List<String> seen = flow.call();

        assertThat(seen.get(1)).isEqualTo(seen.get(0) + "|probe-0|scoped");
        assertThat(RunContext.find()).isEmpty();
        assertThatThrownBy(RunContext::current).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No flow run or task run is active");
    }

    @Test
    void runLogsReachTheApiTaggedWithTheirRuns() {
        Task<Void, Integer> work = Task.of("work", () -> {
            RunLogger.current().info("working on %d items", 3);
            return 3;
        });
        Flow<Void, Integer> flow = Flow.of("logging", () -> {
            RunLogger.current().warning("starting");
            return work.call();
        });

        RunState<Integer> state = flow.callForState();

        List<Log> logs = client.readLogs(LogQuery.of(LogFilter.all().withFlowRunId(IdFilter.anyOf(state.runId()))));
        assertThat(logs).anySatisfy(log -> {
            assertThat(log.message()).isEqualTo("starting");
            assertThat(log.level()).isEqualTo(30);
            assertThat(log.name()).isEqualTo("prefect.flow_runs");
            assertThat(log.taskRunId()).isNull();
        });
        assertThat(logs).anySatisfy(log -> {
            assertThat(log.message()).isEqualTo("working on 3 items");
            assertThat(log.name()).isEqualTo("prefect.task_runs");
            assertThat(log.taskRunId()).isEqualTo(taskRuns(state.runId()).get(0).id());
        });
        assertThat(logs).anySatisfy(log -> assertThat(log.message()).startsWith("Finished in state Completed"));
    }

    @Test
    void logsStayOffTheApiWhenDisabledAndBelowTheLevel() {
        Flow<Void, String> quiet = Flow.of("quiet", () -> {
            RunLogger.current().warning("not sent");
            return "q";
        }).withLogToApi(false);
        Flow<Void, String> levelled = Flow.of("levelled", () -> {
            RunLogger.current().info("below the level");
            RunLogger.current().error("at the level");
            return "l";
        });

        RunState<String> quietState = quiet.callForState();
        RunState<String> levelledState;
        try (Settings.Scope s = Settings.override(Map.of("PREFECT_LOGGING_LEVEL", "WARNING"))) {
            levelledState = levelled.callForState();
        }
        RunState<String> disabledState;
        try (Settings.Scope s = Settings.override(Map.of("PREFECT_LOGGING_TO_API_ENABLED", "false"))) {
            disabledState = levelled.callForState();
        }

        assertThat(logsOf(quietState.runId())).isEmpty();
        assertThat(logsOf(levelledState.runId())).extracting(Log::message).contains("at the level")
                .doesNotContain("below the level");
        assertThat(logsOf(disabledState.runId())).isEmpty();
    }

    @Test
    void logsGoInBatchesOfTheConfiguredSizeAndLongOnesAreCutToTheMaximum() {
        Scripted counting = new Scripted();
        Flow<Void, UUID> chatty = Flow.of("chatty", () -> {
            for (int i = 0; i < 10; i++) {
                RunLogger.current().info("line %d %s", i, "x".repeat(300));
            }
            RunLogger.current().info("y".repeat(2000));
            return RunContext.current().flowRun().orElseThrow().id();
        });

        UUID flowRunId;
        try (Settings.Scope s = Settings.override(Map.of("PREFECT_LOGGING_TO_API_BATCH_SIZE", "1000",
                "PREFECT_LOGGING_TO_API_MAX_LOG_SIZE", "600"));
             PrefectClient own = PrefectClientBuilder.create()
                     .settings(Settings.isolated(Map.of("PREFECT_API_URL", client.apiUrl().toString())))
                     .interceptor(counting)
                     .build();
             Flows.ClientScope inner = Flows.using(own)) {
            flowRunId = chatty.call();
        }

        List<Log> logs = logsOf(flowRunId);
        assertThat(logs.stream().filter(l -> l.message().startsWith("line "))).hasSize(10);
        assertThat(logs).anySatisfy(l -> {
            assertThat(l.message()).startsWith("yyy").endsWith("... [truncated]");
            assertThat(l.message().length()).isLessThan(600);
        });
        assertThat(counting.count("POST", "/logs/")).as("about 7,000 bytes of logs in batches of at most 1,000")
                .isGreaterThanOrEqualTo(7);
    }

    // ---------------------------------------------------------------- helpers

    /** Checks that each AwaitingRetry was followed, no sooner than its scheduled time (and {@code delay}), by Retrying. */
    private static void assertRetriesWaited(List<State> states, Duration delay) {
        for (int i = 0; i < states.size() - 1; i++) {
            State awaiting = states.get(i);
            if ("AwaitingRetry".equals(awaiting.name())) {
                State retrying = states.get(i + 1);
                assertThat(retrying.name()).isEqualTo("Retrying");
                assertThat(retrying.timestamp()).isAfterOrEqualTo(awaiting.stateDetails().scheduledTime());
                assertThat(Duration.between(awaiting.timestamp(), retrying.timestamp())).isGreaterThanOrEqualTo(delay);
            }
        }
    }

    private static <T> RunState<T> awaitState(TaskFuture<T> future) {
        future.await(Duration.ofSeconds(30));
        return future.state();
    }

    List<String> flowStateNames(UUID flowRunId) {
        return client.readFlowRunStates(flowRunId).stream().map(State::name).collect(Collectors.toList());
    }

    List<String> taskStateNames(UUID taskRunId) {
        return client.readTaskRunStates(taskRunId).stream().map(State::name).collect(Collectors.toList());
    }

    List<TaskRun> taskRuns(UUID flowRunId) {
        List<TaskRun> runs = new ArrayList<>(client.readTaskRuns(TaskRunQuery.all()
                .withTaskRuns(TaskRunFilter.all().withFlowRunId(IdFilter.anyOf(flowRunId)))));
        runs.sort(Comparator.comparing(TaskRun::taskKey).thenComparing(r -> Integer.parseInt(r.dynamicKey())));
        return runs;
    }

    List<Log> logsOf(UUID flowRunId) {
        return client.readLogs(LogQuery.of(LogFilter.all().withFlowRunId(IdFilter.anyOf(flowRunId))));
    }
}
