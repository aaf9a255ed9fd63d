package dev.jprefect.integration;

import static dev.jprefect.integration.Clients.client;
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
import dev.jprefect.server.PrefectServer;
import dev.jprefect.settings.Settings;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every typed call against the embedded server, over Netty and in-memory. */
class TypedCallsEndToEndTest {
    private final RecordingSleeper sleeper = new RecordingSleeper();

    private interface Body {
        void run(PrefectClient client);
    }

    private void withServer(Via via, Map<String, String> serverSettings, Body body) {
        PrefectServer server = PrefectServer.builder().settings(Settings.isolated(serverSettings)).build();
        try (Via.Served served = via.serve(server); PrefectAsyncClient client = client(served.apiUrl(), sleeper)) {
            body.run(client.blocking());
        }
    }

    private void withServer(Via via, Body body) {
        withServer(via, Map.of(), body);
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void healthAndVersions(Via via) {
        withServer(via, client -> {
            assertThat(client.health()).isTrue();
            assertThat(client.apiVersion()).isNotBlank();
            assertThat(client.serverVersion()).isNotBlank();
        });
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void flows(Via via) {
        withServer(via, client -> {
            Flow etl = client.createFlow(FlowCreate.of("etl").withTags(List.of("nightly")));
            assertThat(client.createFlow(FlowCreate.of("etl")).id()).isEqualTo(etl.id()); // create is idempotent by name
            client.createFlow(FlowCreate.of("reports"));

            assertThat(etl.created()).isNotNull();
            assertThat(client.readFlow(etl.id())).isEqualTo(etl);
            assertThat(client.readFlowByName("etl").tags()).containsExactly("nightly");
            assertThat(client.readFlows(FlowQuery.all().withFlows(FlowFilter.all().withName(StringFilter.like("rep")))))
                    .extracting(Flow::name).containsExactly("reports");
            assertThat(client.readFlows(FlowQuery.all())).extracting(Flow::name).containsExactly("etl", "reports");

            client.deleteFlow(etl.id());
            assertThatThrownBy(() -> client.readFlow(etl.id())).isInstanceOf(ObjectNotFoundException.class);
            assertThatThrownBy(() -> client.readFlowByName("etl")).isInstanceOf(ObjectNotFoundException.class);
        });
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void flowRunsAndTheirStates(Via via) {
        withServer(via, client -> {
            Flow flow = client.createFlow(FlowCreate.of("etl"));
            FlowRun run = client.createFlowRun(FlowRunCreate.of(flow.id()).withName("first")
                    .withParameters(Map.of("day", "2024-06-01", "n", 3))
                    .withEmpiricalPolicy(FlowRunPolicy.retrying(2, 5))
                    .withState(StateCreate.of(StateType.PENDING)));
            FlowRun other = client.createFlowRun(FlowRunCreate.of(flow.id()).withName("second"));

            assertThat(run.flowId()).isEqualTo(flow.id());
            assertThat(run.stateType()).isEqualTo(StateType.PENDING);
            assertThat(run.parameters()).containsEntry("day", "2024-06-01").containsEntry("n", 3L);
            assertThat(run.empiricalPolicy().retries()).isEqualTo(2);

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

            FlowRunQuery running2 = FlowRunQuery.all()
                    .withFlowRuns(FlowRunFilter.all().withState(StateFilter.typeIn(StateType.RUNNING)));
            assertThat(client.readFlowRuns(running2)).extracting(FlowRun::id).containsExactly(run.id());
            assertThat(client.countFlowRuns(FlowRunQuery.all())).isEqualTo(2);
            assertThat(client.readFlowRuns(FlowRunQuery.all().withSort(FlowRunSort.NAME_ASC).withLimit(1)))
                    .extracting(FlowRun::name).containsExactly("renamed");

            client.deleteFlowRun(other.id());
            assertThatThrownBy(() -> client.readFlowRun(other.id())).isInstanceOf(ObjectNotFoundException.class);
            assertThat(client.countFlowRuns(FlowRunQuery.all())).isEqualTo(1);
        });
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void taskRunsAndTheirStates(Via via) {
        withServer(via, client -> {
            Flow flow = client.createFlow(FlowCreate.of("etl"));
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
            assertThat(client.readTaskRuns(ofRun)).hasSize(2);
            assertThat(client.countTaskRuns(TaskRunQuery.all().withTaskRuns(
                    TaskRunFilter.all().withState(StateFilter.typeIn(StateType.COMPLETED))))).isEqualTo(1);

            client.deleteTaskRun(downstream.id());
            assertThatThrownBy(() -> client.readTaskRun(downstream.id())).isInstanceOf(ObjectNotFoundException.class);
        });
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void logs(Via via) {
        withServer(via, client -> {
            UUID runId = client.createFlowRun(FlowRunCreate.of(client.createFlow(FlowCreate.of("etl")).id())).id();
            OffsetDateTime at = OffsetDateTime.of(2024, 6, 1, 12, 0, 0, 123_456_000, ZoneOffset.UTC);
            client.createLogs(List.of(
                    new LogCreate("prefect.flow_runs", 20, "started", at, runId, null),
                    new LogCreate("prefect.flow_runs", 40, "failed hard", at.plusSeconds(1), runId, null),
                    new LogCreate("other", 20, "elsewhere", at, null, null)));

            List<Log> ofRun = client.readLogs(LogQuery.of(LogFilter.all().withFlowRunId(IdFilter.anyOf(runId))));
            assertThat(ofRun).extracting(Log::message).containsExactly("started", "failed hard");
            assertThat(ofRun.get(0).timestamp()).isEqualTo(at);
            assertThat(client.readLogs(LogQuery.of(LogFilter.all().withLevel(LevelFilter.atLeast(30)))))
                    .extracting(Log::message).containsExactly("failed hard");
        });
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void variables(Via via) {
        withServer(via, client -> {
            Variable created = client.createVariable(new VariableCreate("threshold", Map.of("max", 3), List.of("ops")));
            client.createVariable(VariableCreate.of("greeting", "hello"));

            assertThat(created.value()).isEqualTo(Map.of("max", 3L));
            assertThat(client.readVariableByName("threshold")).hasValueSatisfying(v ->
                    assertThat(v.tags()).containsExactly("ops"));
            assertThat(client.readVariableByName("missing")).isEmpty();
            assertThatThrownBy(() -> client.createVariable(VariableCreate.of("greeting", "again")))
                    .isInstanceOf(PrefectHttpStatusException.class)
                    .satisfies(e -> assertThat(((PrefectHttpStatusException) e).status()).isIn(409, 422));

            client.updateVariableByName("greeting", VariableUpdate.ofValue("hi"));
            assertThat(client.readVariableByName("greeting").orElseThrow().value()).isEqualTo("hi");
            assertThat(client.readVariables(VariableQuery.of(VariableFilter.all().withName(StringFilter.like("thresh")))))
                    .extracting(Variable::name).containsExactly("threshold");

            client.deleteVariableByName("greeting");
            assertThat(client.readVariableByName("greeting")).isEmpty();
            assertThatThrownBy(() -> client.deleteVariableByName("greeting")).isInstanceOf(ObjectNotFoundException.class);
        });
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void changeRequestsPassTheServersCsrfProtection(Via via) {
        withServer(via, Map.of("PREFECT_SERVER_API_CSRF_PROTECTION_ENABLED", "true"), client -> {
            Flow flow = client.createFlow(FlowCreate.of("protected"));
            client.deleteFlow(flow.id());
            assertThat(client.readFlows(FlowQuery.all())).isEmpty();
        });
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void theServersValidationErrorsReachTheCaller(Via via) {
        withServer(via, client -> assertThatThrownBy(() -> client.createFlow(FlowCreate.of("bad/name")))
                .isInstanceOf(PrefectHttpStatusException.class)
                .hasMessageContaining("422")
                .hasMessageContaining("POST ")
                .hasMessageContaining("/flows/"));
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void duplicateVariablesAreRefused(Via via) {
        withServer(via, client -> {
            client.createVariable(VariableCreate.of("x", 1));
            assertThatThrownBy(() -> client.createVariable(VariableCreate.of("x", 2)))
                    .isInstanceOfAny(ObjectAlreadyExistsException.class, PrefectHttpStatusException.class);
        });
    }
}
