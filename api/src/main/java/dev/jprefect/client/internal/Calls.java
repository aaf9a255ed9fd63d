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
import dev.jprefect.client.schemas.Deployment;
import dev.jprefect.client.schemas.DeploymentCreate;
import dev.jprefect.client.schemas.DeploymentFilter;
import dev.jprefect.client.schemas.DeploymentFlowRunCreate;
import dev.jprefect.client.schemas.DeploymentPage;
import dev.jprefect.client.schemas.DeploymentQuery;
import dev.jprefect.client.schemas.DeploymentSchedule;
import dev.jprefect.client.schemas.DeploymentScheduleCreate;
import dev.jprefect.client.schemas.DeploymentScheduleUpdate;
import dev.jprefect.client.schemas.DeploymentSort;
import dev.jprefect.client.schemas.DeploymentUpdate;
import dev.jprefect.client.schemas.WorkPool;
import dev.jprefect.client.schemas.WorkPoolCreate;
import dev.jprefect.client.schemas.WorkPoolFilter;
import dev.jprefect.client.schemas.WorkQueue;
import dev.jprefect.client.schemas.WorkQueueCreate;
import dev.jprefect.client.schemas.WorkQueueFilter;
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
import java.time.OffsetDateTime;
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

    // ---- deployments

    /** {@code POST /deployments/}: creates the deployment, or updates the flow's deployment of that name (upsert). */
    public static ApiCall<Deployment> createDeployment(DeploymentCreate deployment) {
        return Endpoint.of("POST", "/deployments/", required(deployment, "deployment"), Deployment.class);
    }

    /** {@code GET /deployments/{id}}. */
    public static ApiCall<Deployment> readDeployment(UUID id) {
        return Endpoint.of("GET", "/deployments/" + id(id), null, Deployment.class);
    }

    /** {@code GET /deployments/name/{flow_name}/{deployment_name}}. */
    public static ApiCall<Deployment> readDeploymentByName(String flowName, String deploymentName) {
        return Endpoint.of("GET", "/deployments/name/" + name(flowName) + "/" + name(deploymentName), null,
                Deployment.class);
    }

    /** {@code PATCH /deployments/{id}}. */
    public static ApiCall<Void> updateDeployment(UUID id, DeploymentUpdate update) {
        return Endpoint.noAnswer("PATCH", "/deployments/" + id(id), required(update, "update"));
    }

    /** {@code DELETE /deployments/{id}}. */
    public static ApiCall<Void> deleteDeployment(UUID id) {
        return Endpoint.noAnswer("DELETE", "/deployments/" + id(id), null);
    }

    /** {@code POST /deployments/filter}; a null query reads all. */
    public static ApiCall<List<Deployment>> readDeployments(DeploymentQuery query) {
        return Endpoint.of("POST", "/deployments/filter", query == null ? DeploymentQuery.of(null) : query,
                listOf(Deployment.class));
    }

    /** {@code POST /deployments/paginate}: page {@code page} (from 1) of the query's matches, its limit per page. */
    public static ApiCall<DeploymentPage> paginateDeployments(DeploymentQuery query, int page) {
        DeploymentQuery q = query == null ? DeploymentQuery.of(null) : query;
        if (page < 1) {
            throw new IllegalArgumentException("page must be 1 or more, was " + page);
        }
        return Endpoint.of("POST", "/deployments/paginate", new DeploymentPageBody(q.deployments(), q.flows(),
                q.flowRuns(), q.taskRuns(), q.workPools(), q.workPoolQueues(), q.sort(), q.limit(), page),
                DeploymentPage.class);
    }

    /** {@code POST /deployments/count}: the query's filters, without sort, offset and limit. */
    public static ApiCall<Long> countDeployments(DeploymentQuery query) {
        DeploymentQuery q = query == null ? DeploymentQuery.of(null) : query;
        return Endpoint.of("POST", "/deployments/count", new DeploymentQuery(q.deployments(), q.flows(), q.flowRuns(),
                q.taskRuns(), q.workPools(), q.workPoolQueues(), null, null, null), Long.class);
    }

    /** {@code POST /deployments/{id}/create_flow_run}. */
    public static ApiCall<FlowRun> createFlowRunFromDeployment(UUID id, DeploymentFlowRunCreate run) {
        return Endpoint.of("POST", "/deployments/" + id(id) + "/create_flow_run",
                run == null ? DeploymentFlowRunCreate.defaults() : run, FlowRun.class);
    }

    /** {@code POST /deployments/{id}/pause_deployment}. */
    public static ApiCall<Void> pauseDeployment(UUID id) {
        return Endpoint.noAnswer("POST", "/deployments/" + id(id) + "/pause_deployment", null);
    }

    /** {@code POST /deployments/{id}/resume_deployment}. */
    public static ApiCall<Void> resumeDeployment(UUID id) {
        return Endpoint.noAnswer("POST", "/deployments/" + id(id) + "/resume_deployment", null);
    }

    /**
     * {@code POST /deployments/get_scheduled_flow_runs}: the Scheduled runs of these deployments
     * due before {@code scheduledBefore}, earliest first, as Prefect's runner polls for them.
     */
    public static ApiCall<List<FlowRun>> getScheduledFlowRuns(List<UUID> deploymentIds, OffsetDateTime scheduledBefore,
            Integer limit) {
        return Endpoint.of("POST", "/deployments/get_scheduled_flow_runs",
                new ScheduledRunsBody(List.copyOf(required(deploymentIds, "deploymentIds")), scheduledBefore, limit),
                listOf(FlowRun.class));
    }

    // ---- deployment schedules

    /** {@code POST /deployments/{id}/schedules} (201): the created schedules. */
    public static ApiCall<List<DeploymentSchedule>> createDeploymentSchedules(UUID id,
            List<DeploymentScheduleCreate> schedules) {
        return Endpoint.of("POST", "/deployments/" + id(id) + "/schedules", List.copyOf(required(schedules, "schedules")),
                listOf(DeploymentSchedule.class));
    }

    /** {@code GET /deployments/{id}/schedules}. */
    public static ApiCall<List<DeploymentSchedule>> readDeploymentSchedules(UUID id) {
        return Endpoint.of("GET", "/deployments/" + id(id) + "/schedules", null, listOf(DeploymentSchedule.class));
    }

    /** {@code PATCH /deployments/{id}/schedules/{schedule_id}}. */
    public static ApiCall<Void> updateDeploymentSchedule(UUID id, UUID scheduleId, DeploymentScheduleUpdate update) {
        return Endpoint.noAnswer("PATCH", "/deployments/" + id(id) + "/schedules/" + id(scheduleId),
                required(update, "update"));
    }

    /** {@code DELETE /deployments/{id}/schedules/{schedule_id}}. */
    public static ApiCall<Void> deleteDeploymentSchedule(UUID id, UUID scheduleId) {
        return Endpoint.noAnswer("DELETE", "/deployments/" + id(id) + "/schedules/" + id(scheduleId), null);
    }

    // ---- work pools and work queues

    /** {@code POST /work_pools/} (201). */
    public static ApiCall<WorkPool> createWorkPool(WorkPoolCreate pool) {
        return Endpoint.of("POST", "/work_pools/", required(pool, "pool"), WorkPool.class);
    }

    /** {@code GET /work_pools/{name}}. */
    public static ApiCall<WorkPool> readWorkPool(String name) {
        return Endpoint.of("GET", "/work_pools/" + name(name), null, WorkPool.class);
    }

    /** {@code POST /work_pools/filter}; a null filter reads all. */
    public static ApiCall<List<WorkPool>> readWorkPools(WorkPoolFilter filter) {
        return Endpoint.of("POST", "/work_pools/filter", new WorkPoolsBody(filter), listOf(WorkPool.class));
    }

    /** {@code DELETE /work_pools/{name}}. */
    public static ApiCall<Void> deleteWorkPool(String name) {
        return Endpoint.noAnswer("DELETE", "/work_pools/" + name(name), null);
    }

    /** {@code POST /work_pools/{work_pool_name}/queues} (201). */
    public static ApiCall<WorkQueue> createWorkQueue(String poolName, WorkQueueCreate queue) {
        return Endpoint.of("POST", "/work_pools/" + name(poolName) + "/queues", required(queue, "queue"),
                WorkQueue.class);
    }

    /** {@code GET /work_pools/{work_pool_name}/queues/{name}}. */
    public static ApiCall<WorkQueue> readWorkQueue(String poolName, String name) {
        return Endpoint.of("GET", "/work_pools/" + name(poolName) + "/queues/" + name(name), null, WorkQueue.class);
    }

    /** {@code POST /work_pools/{work_pool_name}/queues/filter}; a null filter reads all of the pool's queues. */
    public static ApiCall<List<WorkQueue>> readWorkQueues(String poolName, WorkQueueFilter filter) {
        return Endpoint.of("POST", "/work_pools/" + name(poolName) + "/queues/filter", new WorkQueuesBody(filter),
                listOf(WorkQueue.class));
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

    /** The body of {@code /deployments/paginate}: the query with a page number instead of an offset. */
    private record DeploymentPageBody(
            DeploymentFilter deployments,
            FlowFilter flows,
            FlowRunFilter flowRuns,
            TaskRunFilter taskRuns,
            WorkPoolFilter workPools,
            WorkQueueFilter workPoolQueues,
            DeploymentSort sort,
            Integer limit,
            int page) {
    }

    /** The body of {@code /deployments/get_scheduled_flow_runs}. */
    private record ScheduledRunsBody(List<UUID> deploymentIds, OffsetDateTime scheduledBefore, Integer limit) {
    }

    /** The body of {@code /work_pools/filter}. */
    private record WorkPoolsBody(WorkPoolFilter workPools) {
    }

    /** The body of {@code /work_pools/{name}/queues/filter}. */
    private record WorkQueuesBody(WorkQueueFilter workQueues) {
    }

    /**
     * Returns the body of {@code set_state}, the proposal given a fresh {@code transition_id} in its
     * details unless it has one, as Prefect's client does. The id is made once per call: the retry
     * step resends the same bytes after a lost answer, so a server that applied the first attempt
     * recognises the second as a duplicate and answers with the run's state instead of applying it
     * twice (Prefect's {@code PreventDuplicateTransitions}, for flow runs; jprefect's server does
     * the same for task runs).
     */
    private static SetStateBody setStateBody(StateCreate state, boolean force) {
        StateCreate proposal = required(state, "state");
        if (proposal.stateDetails().transitionId() == null) {
            proposal = proposal.withStateDetails(proposal.stateDetails().withTransitionId(UUID.randomUUID()));
        }
        return new SetStateBody(proposal, force);
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
