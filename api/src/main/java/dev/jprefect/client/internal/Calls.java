package dev.jprefect.client.internal;

import com.squareup.moshi.Types;
import dev.jprefect.client.ApiCall;
import dev.jprefect.internal.json.SchemaJson;
import dev.jprefect.client.schemas.Artifact;
import dev.jprefect.client.schemas.ArtifactCollection;
import dev.jprefect.client.schemas.ArtifactCollectionQuery;
import dev.jprefect.client.schemas.ArtifactCreate;
import dev.jprefect.client.schemas.ArtifactQuery;
import dev.jprefect.client.schemas.ArtifactUpdate;
import dev.jprefect.client.schemas.Event;
import dev.jprefect.client.schemas.Flow;
import dev.jprefect.client.schemas.FlowCreate;
import dev.jprefect.client.schemas.FlowFilter;
import dev.jprefect.client.schemas.FlowQuery;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.FlowRunCreate;
import dev.jprefect.client.schemas.FlowRunFilter;
import dev.jprefect.client.schemas.FlowRunQuery;
import dev.jprefect.client.schemas.FlowRunUpdate;
import dev.jprefect.client.schemas.Log;
import dev.jprefect.client.schemas.LogCreate;
import dev.jprefect.client.schemas.LogQuery;
import dev.jprefect.client.schemas.OrchestrationResult;
import dev.jprefect.client.schemas.State;
import dev.jprefect.client.schemas.StateCreate;
import dev.jprefect.client.schemas.TaskRun;
import dev.jprefect.client.schemas.TaskRunCreate;
import dev.jprefect.client.schemas.TaskRunFilter;
import dev.jprefect.client.schemas.TaskRunQuery;
import dev.jprefect.client.schemas.TaskRunUpdate;
import dev.jprefect.client.schemas.Variable;
import dev.jprefect.client.schemas.VariableCreate;
import dev.jprefect.client.schemas.VariableQuery;
import dev.jprefect.client.schemas.VariableUpdate;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Every typed call of the clients, each described once as an {@link ApiCall}: the default methods
 * of {@link dev.jprefect.client.PrefectAsyncClient} and {@link dev.jprefect.client.PrefectClient}
 * run these. To add a call: describe it here, then add one default method to each client.
 * Paths, bodies and answers are those of Prefect's REST API.
 */
public final class Calls {

    private Calls() {
    }

    // ---- health and version

    /** {@code GET /health}: true when the API answers {@code true}. */
    public static ApiCall<Boolean> health() {
        return new Endpoint<>("GET", "/health", null,
                response -> Boolean.TRUE.equals(SchemaJson.CODEC.fromJson(response.body(), Object.class)), false);
    }

    /** {@code GET /admin/version}. */
    public static ApiCall<String> serverVersion() {
        return Endpoint.of("GET", "/admin/version", null, String.class);
    }

    /** {@code GET /version}. */
    public static ApiCall<String> apiVersion() {
        return Endpoint.of("GET", "/version", null, String.class);
    }

    // ---- flows

    /** {@code POST /flows/}. */
    public static ApiCall<Flow> createFlow(FlowCreate flow) {
        return Endpoint.of("POST", "/flows/", required(flow, "flow"), Flow.class);
    }

    /** {@code GET /flows/{id}}. */
    public static ApiCall<Flow> readFlow(UUID id) {
        return Endpoint.of("GET", "/flows/" + id(id), null, Flow.class);
    }

    /** {@code GET /flows/name/{name}}. */
    public static ApiCall<Flow> readFlowByName(String name) {
        return Endpoint.of("GET", "/flows/name/" + name(name), null, Flow.class);
    }

    /** {@code POST /flows/filter}; a null query reads all. */
    public static ApiCall<List<Flow>> readFlows(FlowQuery query) {
        return Endpoint.of("POST", "/flows/filter", query == null ? FlowQuery.all() : query, listOf(Flow.class));
    }

    /** {@code DELETE /flows/{id}}. */
    public static ApiCall<Void> deleteFlow(UUID id) {
        return Endpoint.noAnswer("DELETE", "/flows/" + id(id), null);
    }

    // ---- flow runs

    /** {@code POST /flow_runs/}. */
    public static ApiCall<FlowRun> createFlowRun(FlowRunCreate flowRun) {
        return Endpoint.of("POST", "/flow_runs/", required(flowRun, "flowRun"), FlowRun.class);
    }

    /** {@code GET /flow_runs/{id}}. */
    public static ApiCall<FlowRun> readFlowRun(UUID id) {
        return Endpoint.of("GET", "/flow_runs/" + id(id), null, FlowRun.class);
    }

    /** {@code PATCH /flow_runs/{id}}. */
    public static ApiCall<Void> updateFlowRun(UUID id, FlowRunUpdate update) {
        return Endpoint.noAnswer("PATCH", "/flow_runs/" + id(id), required(update, "update"));
    }

    /** {@code POST /flow_runs/filter}; a null query reads all. */
    public static ApiCall<List<FlowRun>> readFlowRuns(FlowRunQuery query) {
        return Endpoint.of("POST", "/flow_runs/filter", query == null ? FlowRunQuery.all() : query,
                listOf(FlowRun.class));
    }

    /** {@code POST /flow_runs/count}: the query's filters, without sort, offset and limit. */
    public static ApiCall<Long> countFlowRuns(FlowRunQuery query) {
        FlowRunQuery q = query == null ? FlowRunQuery.all() : query;
        return Endpoint.of("POST", "/flow_runs/count", new CountBody(q.flows(), q.flowRuns(), q.taskRuns()), Long.class);
    }

    /** {@code DELETE /flow_runs/{id}}. */
    public static ApiCall<Void> deleteFlowRun(UUID id) {
        return Endpoint.noAnswer("DELETE", "/flow_runs/" + id(id), null);
    }

    /** {@code POST /flow_runs/{id}/set_state}. */
    public static ApiCall<OrchestrationResult> setFlowRunState(UUID id, StateCreate state, boolean force) {
        return Endpoint.of("POST", "/flow_runs/" + id(id) + "/set_state", setStateBody(state, force),
                OrchestrationResult.class);
    }

    /** {@code GET /flow_run_states/?flow_run_id=}. */
    public static ApiCall<List<State>> readFlowRunStates(UUID flowRunId) {
        return Endpoint.of("GET", "/flow_run_states/?flow_run_id=" + id(flowRunId), null, listOf(State.class));
    }

    // ---- task runs

    /** {@code POST /task_runs/}. */
    public static ApiCall<TaskRun> createTaskRun(TaskRunCreate taskRun) {
        return Endpoint.of("POST", "/task_runs/", required(taskRun, "taskRun"), TaskRun.class);
    }

    /** {@code GET /task_runs/{id}}. */
    public static ApiCall<TaskRun> readTaskRun(UUID id) {
        return Endpoint.of("GET", "/task_runs/" + id(id), null, TaskRun.class);
    }

    /** {@code PATCH /task_runs/{id}}. */
    public static ApiCall<Void> updateTaskRun(UUID id, TaskRunUpdate update) {
        return Endpoint.noAnswer("PATCH", "/task_runs/" + id(id), required(update, "update"));
    }

    /** {@code POST /task_runs/filter}; a null query reads all. */
    public static ApiCall<List<TaskRun>> readTaskRuns(TaskRunQuery query) {
        return Endpoint.of("POST", "/task_runs/filter", query == null ? TaskRunQuery.all() : query,
                listOf(TaskRun.class));
    }

    /** {@code POST /task_runs/count}: the query's filters, without sort, offset and limit. */
    public static ApiCall<Long> countTaskRuns(TaskRunQuery query) {
        TaskRunQuery q = query == null ? TaskRunQuery.all() : query;
        return Endpoint.of("POST", "/task_runs/count", new CountBody(q.flows(), q.flowRuns(), q.taskRuns()), Long.class);
    }

    /** {@code DELETE /task_runs/{id}}. */
    public static ApiCall<Void> deleteTaskRun(UUID id) {
        return Endpoint.noAnswer("DELETE", "/task_runs/" + id(id), null);
    }

    /** {@code POST /task_runs/{id}/set_state}. */
    public static ApiCall<OrchestrationResult> setTaskRunState(UUID id, StateCreate state, boolean force) {
        return Endpoint.of("POST", "/task_runs/" + id(id) + "/set_state", setStateBody(state, force),
                OrchestrationResult.class);
    }

    /** {@code GET /task_run_states/?task_run_id=}. */
    public static ApiCall<List<State>> readTaskRunStates(UUID taskRunId) {
        return Endpoint.of("GET", "/task_run_states/?task_run_id=" + id(taskRunId), null, listOf(State.class));
    }

    // ---- logs

    /** {@code POST /logs/}. */
    public static ApiCall<Void> createLogs(List<LogCreate> logs) {
        return Endpoint.noAnswer("POST", "/logs/", List.copyOf(required(logs, "logs")));
    }

    // ---- events

    /** {@code POST /events}: records a batch of events (204). */
    public static ApiCall<Void> emitEvents(List<Event> events) {
        return Endpoint.noAnswer("POST", "/events", List.copyOf(required(events, "events")));
    }

    /** {@code POST /logs/filter}; a null query reads all. */
    public static ApiCall<List<Log>> readLogs(LogQuery query) {
        return Endpoint.of("POST", "/logs/filter", query == null ? LogQuery.all() : query, listOf(Log.class));
    }

    // ---- variables

    /** {@code POST /variables/}. */
    public static ApiCall<Variable> createVariable(VariableCreate variable) {
        return Endpoint.of("POST", "/variables/", required(variable, "variable"), Variable.class);
    }

    /** {@code GET /variables/name/{name}}: empty on 404. */
    public static ApiCall<Optional<Variable>> readVariableByName(String name) {
        return Endpoint.ifPresent("GET", "/variables/name/" + name(name), Variable.class);
    }

    /** {@code PATCH /variables/name/{name}}. */
    public static ApiCall<Void> updateVariableByName(String name, VariableUpdate update) {
        return Endpoint.noAnswer("PATCH", "/variables/name/" + name(name), required(update, "update"));
    }

    /** {@code DELETE /variables/name/{name}}. */
    public static ApiCall<Void> deleteVariableByName(String name) {
        return Endpoint.noAnswer("DELETE", "/variables/name/" + name(name), null);
    }

    /** {@code POST /variables/filter}; a null query reads all. */
    public static ApiCall<List<Variable>> readVariables(VariableQuery query) {
        return Endpoint.of("POST", "/variables/filter", query == null ? VariableQuery.all() : query,
                listOf(Variable.class));
    }

    // ---- artifacts

    /** {@code POST /artifacts/}. */
    public static ApiCall<Artifact> createArtifact(ArtifactCreate artifact) {
        return Endpoint.of("POST", "/artifacts/", required(artifact, "artifact"), Artifact.class);
    }

    /** {@code GET /artifacts/{id}}. */
    public static ApiCall<Artifact> readArtifact(UUID id) {
        return Endpoint.of("GET", "/artifacts/" + id(id), null, Artifact.class);
    }

    /** {@code PATCH /artifacts/{id}}. */
    public static ApiCall<Void> updateArtifact(UUID id, ArtifactUpdate update) {
        return Endpoint.noAnswer("PATCH", "/artifacts/" + id(id), required(update, "update"));
    }

    /** {@code DELETE /artifacts/{id}}. */
    public static ApiCall<Void> deleteArtifact(UUID id) {
        return Endpoint.noAnswer("DELETE", "/artifacts/" + id(id), null);
    }

    /** {@code POST /artifacts/filter}; a null query reads all. */
    public static ApiCall<List<Artifact>> readArtifacts(ArtifactQuery query) {
        return Endpoint.of("POST", "/artifacts/filter", query == null ? ArtifactQuery.of(null) : query,
                listOf(Artifact.class));
    }

    /** {@code POST /artifacts/count}: the query's filters, without sort, offset and limit. */
    public static ApiCall<Long> countArtifacts(ArtifactQuery query) {
        ArtifactQuery q = query == null ? ArtifactQuery.of(null) : query;
        return Endpoint.of("POST", "/artifacts/count", q.withPage(null, null, null), Long.class);
    }

    /** {@code POST /artifacts/latest/filter}; a null query reads all. */
    public static ApiCall<List<ArtifactCollection>> readLatestArtifacts(ArtifactCollectionQuery query) {
        return Endpoint.of("POST", "/artifacts/latest/filter",
                query == null ? ArtifactCollectionQuery.of(null) : query, listOf(ArtifactCollection.class));
    }

    /** {@code POST /artifacts/latest/count}: the query's filters, without sort, offset and limit. */
    public static ApiCall<Long> countLatestArtifacts(ArtifactCollectionQuery query) {
        ArtifactCollectionQuery q = query == null ? ArtifactCollectionQuery.of(null) : query;
        return Endpoint.of("POST", "/artifacts/latest/count", q.withPage(null, null, null), Long.class);
    }

    /** {@code GET /artifacts/{key}/latest}: empty on 404. */
    public static ApiCall<Optional<Artifact>> readLatestArtifact(String key) {
        return Endpoint.ifPresent("GET", "/artifacts/" + ApiPaths.segment(required(key, "key")) + "/latest",
                Artifact.class);
    }

    // ---- helpers

    /** The body of {@code set_state}. */
    private record SetStateBody(StateCreate state, boolean force) {
    }

    /** The body of the {@code count} routes: the filters, without sort, offset and limit. */
    private record CountBody(
            FlowFilter flows,
            FlowRunFilter flowRuns,
            TaskRunFilter taskRuns) {
    }

    private static SetStateBody setStateBody(StateCreate state, boolean force) {
        return new SetStateBody(required(state, "state"), force);
    }

    private static <T> T required(T value, String name) {
        return Objects.requireNonNull(value, name);
    }

    private static String id(UUID id) {
        return required(id, "id").toString();
    }

    private static String name(String name) {
        return ApiPaths.segment(required(name, "name"));
    }

    private static Type listOf(Class<?> element) {
        return Types.newParameterizedType(List.class, element);
    }
}
