package dev.jprefect.integration.prefect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.client.ObjectAlreadyExistsException;
import dev.jprefect.client.ObjectNotFoundException;
import dev.jprefect.client.PrefectAsyncClient;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectHttpStatusException;
import dev.jprefect.client.schemas.Flow;
import dev.jprefect.client.schemas.FlowCreate;
import dev.jprefect.client.schemas.FlowFilter;
import dev.jprefect.client.schemas.FlowQuery;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.FlowRunCreate;
import dev.jprefect.client.schemas.FlowRunFilter;
import dev.jprefect.client.schemas.FlowRunPolicy;
import dev.jprefect.client.schemas.FlowRunQuery;
import dev.jprefect.client.schemas.FlowRunSort;
import dev.jprefect.client.schemas.FlowRunUpdate;
import dev.jprefect.client.schemas.IdFilter;
import dev.jprefect.client.schemas.LevelFilter;
import dev.jprefect.client.schemas.Log;
import dev.jprefect.client.schemas.LogCreate;
import dev.jprefect.client.schemas.LogFilter;
import dev.jprefect.client.schemas.LogQuery;
import dev.jprefect.client.schemas.OrchestrationResult;
import dev.jprefect.client.schemas.Parameter;
import dev.jprefect.client.schemas.SetStateStatus;
import dev.jprefect.client.schemas.State;
import dev.jprefect.client.schemas.StateCreate;
import dev.jprefect.client.schemas.StateFilter;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.client.schemas.StringFilter;
import dev.jprefect.client.schemas.TaskRun;
import dev.jprefect.client.schemas.TaskRunCreate;
import dev.jprefect.client.schemas.TaskRunFilter;
import dev.jprefect.client.schemas.TaskRunInput;
import dev.jprefect.client.schemas.TaskRunQuery;
import dev.jprefect.client.schemas.TaskRunResult;
import dev.jprefect.client.schemas.TaskRunUpdate;
import dev.jprefect.client.schemas.Variable;
import dev.jprefect.client.schemas.VariableCreate;
import dev.jprefect.client.schemas.VariableFilter;
import dev.jprefect.client.schemas.VariableQuery;
import dev.jprefect.client.schemas.VariableUpdate;
import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.junit.PrefectTest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every typed call of {@link PrefectClient} and {@link PrefectAsyncClient} against the real Prefect
 * server, each checked by reading back what the real server recorded. The tests share one real
 * server (one for the whole test run), so each names its objects uniquely and filters by them.
 */
@ExtendWith(RealPrefect.class)
@Timeout(value = RealPrefect.TEST_TIMEOUT_MINUTES, unit = TimeUnit.MINUTES)
@PrefectTest(mode = PrefectTestHarness.Mode.PREFECT_SERVER, scope = PrefectTest.Scope.PER_RUN)
class ClientOnPrefectTest {

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void health_and_versions_are_the_real_servers(PrefectClient client) {
        assertThat(client.health()).isTrue();
        assertThat(client.serverVersion()).isEqualTo(RealPrefect.version());
        assertThat(client.apiVersion()).matches("\\d+\\.\\d+\\.\\d+");
    }

    @Test
    void flows(PrefectClient client) {
        String etlName = unique("etl");
        String reportsName = unique("reports");
        Flow etl = client.createFlow(FlowCreate.of(etlName).withTags(List.of("nightly")));
        assertThat(client.createFlow(FlowCreate.of(etlName)).id()).as("create is idempotent by name").isEqualTo(etl.id());
        Flow reports = client.createFlow(FlowCreate.of(reportsName));

        assertThat(etl.created()).isNotNull();
        assertThat(client.readFlow(etl.id())).isEqualTo(etl);
        assertThat(client.readFlowByName(etlName).tags()).containsExactly("nightly");
        assertThat(client.readFlows(FlowQuery.all().withFlows(FlowFilter.all().withName(StringFilter.like(reportsName)))))
                .extracting(Flow::id).containsExactly(reports.id());
        assertThat(client.readFlows(FlowQuery.all().withFlows(FlowFilter.all().withId(IdFilter.anyOf(etl.id(), reports.id())))))
                .extracting(Flow::name).containsExactlyInAnyOrder(etlName, reportsName);

        client.deleteFlow(etl.id());
        assertThatThrownBy(() -> client.readFlow(etl.id())).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> client.readFlowByName(etlName)).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> client.deleteFlow(etl.id())).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void flow_runs_and_their_states(PrefectClient client) {
        Flow flow = client.createFlow(FlowCreate.of(unique("etl")));
        FlowRun run = client.createFlowRun(FlowRunCreate.of(flow.id()).withName("first")
                .withParameters(Map.of("day", "2024-06-01", "n", 3))
                .withEmpiricalPolicy(FlowRunPolicy.retrying(2, 5))
                .withState(StateCreate.of(StateType.PENDING)));
        FlowRun other = client.createFlowRun(FlowRunCreate.of(flow.id()).withName("second"));
        FlowRunQuery ofFlow = FlowRunQuery.all().withFlows(FlowFilter.all().withId(IdFilter.anyOf(flow.id())));

        assertThat(run.flowId()).isEqualTo(flow.id());
        assertThat(run.stateType()).isEqualTo(StateType.PENDING);
        FlowRun read = client.readFlowRun(run.id());
        assertThat(read.parameters()).containsEntry("day", "2024-06-01").containsEntry("n", 3L);
        assertThat(read.empiricalPolicy().retries()).isEqualTo(2);

        client.updateFlowRun(run.id(), FlowRunUpdate.empty().withName("renamed"));
        assertThat(client.readFlowRun(run.id()).name()).isEqualTo("renamed");

        OrchestrationResult running = client.setFlowRunState(run.id(), StateCreate.of(StateType.RUNNING), false);
        assertThat(running.status()).isEqualTo(SetStateStatus.ACCEPT);
        assertThat(running.state().type()).isEqualTo(StateType.RUNNING);
        OrchestrationResult done = client.setFlowRunState(run.id(),
                StateCreate.of(StateType.COMPLETED).withMessage("all good"), false);
        assertThat(done.status()).isEqualTo(SetStateStatus.ACCEPT);
        OrchestrationResult forced = client.setFlowRunState(run.id(), StateCreate.of(StateType.RUNNING), true);
        assertThat(forced.status()).isEqualTo(SetStateStatus.ACCEPT);

        List<State> states = client.readFlowRunStates(run.id());
        assertThat(states).extracting(State::type)
                .containsExactly(StateType.PENDING, StateType.RUNNING, StateType.COMPLETED, StateType.RUNNING);
        assertThat(states.get(2).message()).isEqualTo("all good");
        assertThat(states).allSatisfy(s -> assertThat(s.stateDetails().flowRunId()).isEqualTo(run.id()));
        assertThat(client.readFlowRun(run.id()).stateType()).isEqualTo(StateType.RUNNING);

        assertThat(client.readFlowRuns(ofFlow.withFlowRuns(FlowRunFilter.all().withState(StateFilter.typeIn(StateType.RUNNING)))))
                .extracting(FlowRun::id).containsExactly(run.id());
        assertThat(client.countFlowRuns(ofFlow)).isEqualTo(2);
        assertThat(client.readFlowRuns(ofFlow.withSort(FlowRunSort.NAME_ASC).withLimit(1)))
                .extracting(FlowRun::name).containsExactly("renamed");

        client.deleteFlowRun(other.id());
        assertThatThrownBy(() -> client.readFlowRun(other.id())).isInstanceOf(ObjectNotFoundException.class);
        assertThat(client.countFlowRuns(ofFlow)).isEqualTo(1);
    }

    @Test
    void task_runs_and_their_states(PrefectClient client) {
        Flow flow = client.createFlow(FlowCreate.of(unique("etl")));
        FlowRun run = client.createFlowRun(FlowRunCreate.of(flow.id()));
        TaskRun upstream = client.createTaskRun(TaskRunCreate.of(run.id(), "etl.extract", "0")
                .withName("extract-0").withState(StateCreate.of(StateType.PENDING)));
        Map<String, List<TaskRunInput>> inputs = Map.of(
                "rows", List.of(new TaskRunResult(upstream.id())), "day", List.of(new Parameter("day")));
        TaskRun downstream = client.createTaskRun(TaskRunCreate.of(run.id(), "etl.load", "0")
                .withName("load-0").withTaskInputs(inputs));

        assertThat(client.readTaskRun(downstream.id()).taskInputs()).isEqualTo(inputs);
        assertThat(upstream.flowRunId()).isEqualTo(run.id());

        client.updateTaskRun(upstream.id(), TaskRunUpdate.ofName("extract-renamed"));
        assertThat(client.setTaskRunState(upstream.id(), StateCreate.of(StateType.RUNNING), false).status())
                .as("a task may not run while its flow run does not").isEqualTo(SetStateStatus.ABORT);
        client.setFlowRunState(run.id(), StateCreate.of(StateType.RUNNING), false);
        assertThat(client.readTaskRun(upstream.id()).name()).isEqualTo("extract-renamed");

        assertThat(client.setTaskRunState(upstream.id(), StateCreate.of(StateType.RUNNING), false).status())
                .isEqualTo(SetStateStatus.ACCEPT);
        assertThat(client.setTaskRunState(upstream.id(), StateCreate.of(StateType.COMPLETED), false).status())
                .isEqualTo(SetStateStatus.ACCEPT);
        assertThat(client.readTaskRunStates(upstream.id())).extracting(State::type)
                .containsExactly(StateType.PENDING, StateType.RUNNING, StateType.COMPLETED);

        TaskRunQuery ofRun = TaskRunQuery.all().withTaskRuns(TaskRunFilter.all().withFlowRunId(IdFilter.anyOf(run.id())));
        assertThat(client.readTaskRuns(ofRun)).extracting(TaskRun::id).containsExactlyInAnyOrder(upstream.id(), downstream.id());
        assertThat(client.countTaskRuns(ofRun.withTaskRuns(TaskRunFilter.all().withFlowRunId(IdFilter.anyOf(run.id()))
                .withState(StateFilter.typeIn(StateType.COMPLETED))))).isEqualTo(1);

        client.deleteTaskRun(downstream.id());
        assertThatThrownBy(() -> client.readTaskRun(downstream.id())).isInstanceOf(ObjectNotFoundException.class);
        assertThat(client.countTaskRuns(ofRun)).isEqualTo(1);
    }

    @Test
    void logs(PrefectClient client) {
        UUID runId = client.createFlowRun(FlowRunCreate.of(client.createFlow(FlowCreate.of(unique("etl"))).id())).id();
        OffsetDateTime at = OffsetDateTime.of(2024, 6, 1, 12, 0, 0, 123_456_000, ZoneOffset.UTC);
        client.createLogs(List.of(
                new LogCreate("prefect.flow_runs", 20, "started", at, runId, null),
                new LogCreate("prefect.flow_runs", 40, "failed hard", at.plusSeconds(1), runId, null)));

        LogFilter ofRun = LogFilter.all().withFlowRunId(IdFilter.anyOf(runId));
        List<Log> logs = client.readLogs(LogQuery.of(ofRun));
        assertThat(logs).extracting(Log::message).containsExactly("started", "failed hard");
        assertThat(logs.get(0).timestamp()).isEqualTo(at);
        assertThat(logs.get(0).flowRunId()).isEqualTo(runId);
        assertThat(client.readLogs(LogQuery.of(ofRun.withLevel(LevelFilter.atLeast(30)))))
                .extracting(Log::message).containsExactly("failed hard");
    }

    @Test
    void variables(PrefectClient client) {
        String threshold = unique("threshold");
        String greeting = unique("greeting");
        Variable created = client.createVariable(new VariableCreate(threshold, Map.of("max", 3), List.of("ops")));
        client.createVariable(VariableCreate.of(greeting, "hello"));

        assertThat(created.value()).isEqualTo(Map.of("max", 3L));
        assertThat(client.readVariableByName(threshold)).hasValueSatisfying(v -> {
            assertThat(v.tags()).containsExactly("ops");
            assertThat(v.value()).isEqualTo(Map.of("max", 3L));
        });
        assertThat(client.readVariableByName(unique("missing"))).isEmpty();
        assertThatThrownBy(() -> client.createVariable(VariableCreate.of(greeting, "again")))
                .isInstanceOf(ObjectAlreadyExistsException.class);

        client.updateVariableByName(greeting, VariableUpdate.ofValue("hi"));
        assertThat(client.readVariableByName(greeting).orElseThrow().value()).isEqualTo("hi");
        assertThat(client.readVariables(VariableQuery.of(VariableFilter.all().withName(StringFilter.like(threshold)))))
                .extracting(Variable::name).containsExactly(threshold);

        client.deleteVariableByName(greeting);
        assertThat(client.readVariableByName(greeting)).isEmpty();
        assertThatThrownBy(() -> client.deleteVariableByName(greeting)).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void the_real_servers_validation_errors_reach_the_caller(PrefectClient client) {
        assertThatThrownBy(() -> client.createFlow(FlowCreate.of("bad/name")))
                .isInstanceOf(PrefectHttpStatusException.class)
                .satisfies(e -> assertThat(((PrefectHttpStatusException) e).status()).isEqualTo(422))
                .hasMessageContaining("POST ")
                .hasMessageContaining("/flows/");
    }

    /** Each call of the asynchronous client once, joined, and read back. */
    @Test
    void every_call_of_the_async_client(PrefectAsyncClient async) {
        assertThat(async.health().join()).isTrue();
        assertThat(async.serverVersion().join()).isEqualTo(RealPrefect.version());
        assertThat(async.apiVersion().join()).isNotBlank();

        String flowName = unique("async");
        Flow flow = async.createFlow(FlowCreate.of(flowName)).join();
        assertThat(async.readFlow(flow.id()).join().name()).isEqualTo(flowName);
        assertThat(async.readFlowByName(flowName).join().id()).isEqualTo(flow.id());
        assertThat(async.readFlows(FlowQuery.all().withFlows(FlowFilter.all().withId(IdFilter.anyOf(flow.id())))).join())
                .extracting(Flow::id).containsExactly(flow.id());

        FlowRun run = async.createFlowRun(FlowRunCreate.of(flow.id())).join();
        async.updateFlowRun(run.id(), FlowRunUpdate.empty().withName("async-run")).join();
        assertThat(async.readFlowRun(run.id()).join().name()).isEqualTo("async-run");
        FlowRunQuery ofFlow = FlowRunQuery.all().withFlows(FlowFilter.all().withId(IdFilter.anyOf(flow.id())));
        assertThat(async.readFlowRuns(ofFlow).join()).extracting(FlowRun::id).containsExactly(run.id());
        assertThat(async.countFlowRuns(ofFlow).join()).isEqualTo(1);
        assertThat(async.setFlowRunState(run.id(), StateCreate.of(StateType.RUNNING), false).join().status())
                .isEqualTo(SetStateStatus.ACCEPT);
        assertThat(async.readFlowRunStates(run.id()).join()).extracting(State::type)
                .as("created without a state, the real server made it Pending").containsExactly(StateType.PENDING, StateType.RUNNING);

        TaskRun task = async.createTaskRun(TaskRunCreate.of(run.id(), "async.work", "0").withName("work-0")).join();
        async.updateTaskRun(task.id(), TaskRunUpdate.ofName("work-renamed")).join();
        assertThat(async.readTaskRun(task.id()).join().name()).isEqualTo("work-renamed");
        TaskRunQuery ofRun = TaskRunQuery.all().withTaskRuns(TaskRunFilter.all().withFlowRunId(IdFilter.anyOf(run.id())));
        assertThat(async.readTaskRuns(ofRun).join()).extracting(TaskRun::id).containsExactly(task.id());
        assertThat(async.countTaskRuns(ofRun).join()).isEqualTo(1);
        assertThat(async.setTaskRunState(task.id(), StateCreate.of(StateType.RUNNING), false).join().status())
                .isEqualTo(SetStateStatus.ACCEPT);
        assertThat(async.readTaskRunStates(task.id()).join()).extracting(State::type)
                .containsExactly(StateType.PENDING, StateType.RUNNING);

        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        async.createLogs(List.of(new LogCreate("prefect.task_runs", 20, "async log", now, run.id(), task.id()))).join();
        assertThat(async.readLogs(LogQuery.of(LogFilter.all().withFlowRunId(IdFilter.anyOf(run.id())))).join())
                .singleElement().satisfies(log -> {
                    assertThat(log.message()).isEqualTo("async log");
                    assertThat(log.taskRunId()).isEqualTo(task.id());
                });

        String variable = unique("async-var");
        assertThat(async.createVariable(VariableCreate.of(variable, 1)).join().name()).isEqualTo(variable);
        async.updateVariableByName(variable, VariableUpdate.ofValue(2)).join();
        assertThat(async.readVariableByName(variable).join().map(Variable::value)).contains(2L);
        assertThat(async.readVariables(VariableQuery.of(VariableFilter.all().withName(StringFilter.anyOf(variable)))).join())
                .extracting(Variable::name).containsExactly(variable);
        async.deleteVariableByName(variable).join();
        assertThat(async.readVariableByName(variable).join()).isEqualTo(Optional.empty());

        async.deleteTaskRun(task.id()).join();
        async.deleteFlowRun(run.id()).join();
        async.deleteFlow(flow.id()).join();
        assertThat(async.countFlowRuns(ofFlow).join()).isZero();
        assertThatThrownBy(() -> async.readFlow(flow.id()).join()).hasCauseInstanceOf(ObjectNotFoundException.class);
    }
}
