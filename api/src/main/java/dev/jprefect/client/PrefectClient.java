package dev.jprefect.client;

import dev.jprefect.client.internal.Calls;
import dev.jprefect.client.schemas.Artifact;
import dev.jprefect.client.schemas.ArtifactCollection;
import dev.jprefect.client.schemas.ArtifactCollectionQuery;
import dev.jprefect.client.schemas.ArtifactCreate;
import dev.jprefect.client.schemas.ArtifactQuery;
import dev.jprefect.client.schemas.ArtifactUpdate;
import dev.jprefect.client.schemas.Deployment;
import dev.jprefect.client.schemas.DeploymentCreate;
import dev.jprefect.client.schemas.DeploymentFlowRunCreate;
import dev.jprefect.client.schemas.DeploymentPage;
import dev.jprefect.client.schemas.DeploymentQuery;
import dev.jprefect.client.schemas.DeploymentSchedule;
import dev.jprefect.client.schemas.DeploymentScheduleCreate;
import dev.jprefect.client.schemas.DeploymentScheduleUpdate;
import dev.jprefect.client.schemas.DeploymentUpdate;
import dev.jprefect.client.schemas.WorkPool;
import dev.jprefect.client.schemas.WorkPoolCreate;
import dev.jprefect.client.schemas.WorkPoolFilter;
import dev.jprefect.client.schemas.WorkQueue;
import dev.jprefect.client.schemas.WorkQueueCreate;
import dev.jprefect.client.schemas.WorkQueueFilter;
import dev.jprefect.client.schemas.Event;
import dev.jprefect.client.schemas.EventFilter;
import dev.jprefect.client.schemas.Flow;
import dev.jprefect.client.schemas.FlowCreate;
import dev.jprefect.client.schemas.FlowQuery;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.FlowRunCreate;
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
import dev.jprefect.client.schemas.TaskRunQuery;
import dev.jprefect.client.schemas.TaskRunUpdate;
import dev.jprefect.client.schemas.Variable;
import dev.jprefect.client.schemas.VariableCreate;
import dev.jprefect.client.schemas.VariableQuery;
import dev.jprefect.client.schemas.VariableUpdate;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The blocking Prefect client: typed calls to the Prefect REST API, over any
 * {@link dev.jprefect.transport.Transport}. It is a view of a {@link PrefectAsyncClient} that waits
 * for each answer (with a bounded wait), and behaves the same way: see there for the pipeline.
 *
 * <p>Create one from the settings with {@link #create()} (or {@link PrefectClientBuilder}). Calls
 * throw {@link PrefectHttpStatusException} for a non-2xx answer ({@link ObjectNotFoundException}
 * for 404) and {@link PrefectClientException} when the API cannot be reached. A client is
 * thread-safe; close it when done.
 *
 * <pre>{@code
 * try (PrefectClient client = PrefectClient.create()) {
 *     Flow flow = client.createFlow(FlowCreate.of("etl"));
 *     FlowRun run = client.createFlowRun(FlowRunCreate.of(flow.id()));
 *     client.setFlowRunState(run.id(), StateCreate.of(StateType.RUNNING), false);
 * }
 * }</pre>
 */
public interface PrefectClient extends AutoCloseable {

    /**
     * Returns a client configured by {@code Settings.current()}; see {@link PrefectClientBuilder}.
     *
     * @throws PrefectClientException if no API is configured and ephemeral mode is off, or the
     *     embedded server's module is missing
     */
    static PrefectClient create() {
        return PrefectClientBuilder.create().build();
    }

    /** Returns the API's base URL, e.g. {@code http://127.0.0.1:4200/api} or {@code inmemory://app/api}. */
    URI apiUrl();

    /** Returns the client's clock; the same as {@code async().sleeper()}. */
    default Sleeper sleeper() {
        return async().sleeper();
    }

    /** Returns the asynchronous client this view waits on; closing either closes both. */
    PrefectAsyncClient async();

    /**
     * Sends {@code request} through the client's pipeline and returns the 2xx response. A relative
     * URI (e.g. {@code flows/}) is resolved against {@link #apiUrl()}.
     */
    ApiResponse send(ApiRequest request);

    /**
     * Runs {@code call} and returns its answer: the asynchronous client's
     * {@link PrefectAsyncClient#call(ApiCall)} with a bounded wait. Every typed method below is
     * such a call.
     *
     * @throws PrefectHttpStatusException for an answer the call does not expect (usually non-2xx)
     * @throws PrefectClientException if the API cannot be reached, the answer cannot be read, or no
     *     answer comes within the wait (every attempt and back-off the settings allow)
     */
    <T> T call(ApiCall<T> call);

    // ---- health and version

    /** {@code GET /health}: true when the API answers that it is healthy. */
    default boolean health() {
        return call(Calls.health());
    }

    /** {@code GET /admin/version}: the server's Prefect version, e.g. {@code "3.9.1"}. */
    default String serverVersion() {
        return call(Calls.serverVersion());
    }

    /** {@code GET /version}: the server's API version, e.g. {@code "0.8.4"}. */
    default String apiVersion() {
        return call(Calls.apiVersion());
    }

    // ---- flows

    /** {@code POST /flows/}: creates the flow, or returns the existing flow of that name. */
    default Flow createFlow(FlowCreate flow) {
        return call(Calls.createFlow(flow));
    }

    /** {@code GET /flows/{id}}; {@link ObjectNotFoundException} if there is none. */
    default Flow readFlow(UUID id) {
        return call(Calls.readFlow(id));
    }

    /** {@code GET /flows/name/{name}}; {@link ObjectNotFoundException} if there is none. */
    default Flow readFlowByName(String name) {
        return call(Calls.readFlowByName(name));
    }

    /** {@code POST /flows/filter}: the flows that match. */
    default List<Flow> readFlows(FlowQuery query) {
        return call(Calls.readFlows(query));
    }

    /** {@code DELETE /flows/{id}}; {@link ObjectNotFoundException} if there is none. */
    default void deleteFlow(UUID id) {
        call(Calls.deleteFlow(id));
    }

    // ---- flow runs

    /** {@code POST /flow_runs/}: creates a flow run (or returns the one with the same idempotency key). */
    default FlowRun createFlowRun(FlowRunCreate flowRun) {
        return call(Calls.createFlowRun(flowRun));
    }

    /** {@code GET /flow_runs/{id}}; {@link ObjectNotFoundException} if there is none. */
    default FlowRun readFlowRun(UUID id) {
        return call(Calls.readFlowRun(id));
    }

    /** {@code PATCH /flow_runs/{id}}: changes the non-null parts of {@code update}. */
    default void updateFlowRun(UUID id, FlowRunUpdate update) {
        call(Calls.updateFlowRun(id, update));
    }

    /** {@code POST /flow_runs/filter}: the flow runs that match. */
    default List<FlowRun> readFlowRuns(FlowRunQuery query) {
        return call(Calls.readFlowRuns(query));
    }

    /** {@code POST /flow_runs/count}: how many flow runs match (sort, offset and limit are ignored). */
    default long countFlowRuns(FlowRunQuery query) {
        return call(Calls.countFlowRuns(query));
    }

    /** {@code DELETE /flow_runs/{id}}; {@link ObjectNotFoundException} if there is none. */
    default void deleteFlowRun(UUID id) {
        call(Calls.deleteFlowRun(id));
    }

    /**
     * {@code POST /flow_runs/{id}/set_state}: proposes {@code state}; the server's orchestration
     * rules accept, reject, abort or ask to wait. {@code force} skips the rules.
     */
    default OrchestrationResult setFlowRunState(UUID id, StateCreate state, boolean force) {
        return call(Calls.setFlowRunState(id, state, force));
    }

    /** {@code GET /flow_run_states/?flow_run_id=}: the run's states, oldest first. */
    default List<State> readFlowRunStates(UUID flowRunId) {
        return call(Calls.readFlowRunStates(flowRunId));
    }

    // ---- task runs

    /** {@code POST /task_runs/}: creates a task run (or returns the one with the same keys). */
    default TaskRun createTaskRun(TaskRunCreate taskRun) {
        return call(Calls.createTaskRun(taskRun));
    }

    /** {@code GET /task_runs/{id}}; {@link ObjectNotFoundException} if there is none. */
    default TaskRun readTaskRun(UUID id) {
        return call(Calls.readTaskRun(id));
    }

    /** {@code PATCH /task_runs/{id}}: changes the non-null parts of {@code update}. */
    default void updateTaskRun(UUID id, TaskRunUpdate update) {
        call(Calls.updateTaskRun(id, update));
    }

    /** {@code POST /task_runs/filter}: the task runs that match. */
    default List<TaskRun> readTaskRuns(TaskRunQuery query) {
        return call(Calls.readTaskRuns(query));
    }

    /** {@code POST /task_runs/count}: how many task runs match (sort, offset and limit are ignored). */
    default long countTaskRuns(TaskRunQuery query) {
        return call(Calls.countTaskRuns(query));
    }

    /** {@code DELETE /task_runs/{id}}; {@link ObjectNotFoundException} if there is none. */
    default void deleteTaskRun(UUID id) {
        call(Calls.deleteTaskRun(id));
    }

    /** {@code POST /task_runs/{id}/set_state}: proposes {@code state}; {@code force} skips the rules. */
    default OrchestrationResult setTaskRunState(UUID id, StateCreate state, boolean force) {
        return call(Calls.setTaskRunState(id, state, force));
    }

    /** {@code GET /task_run_states/?task_run_id=}: the run's states, oldest first. */
    default List<State> readTaskRunStates(UUID taskRunId) {
        return call(Calls.readTaskRunStates(taskRunId));
    }

    // ---- logs

    /** {@code POST /logs/}: stores a batch of log records. */
    default void createLogs(List<LogCreate> logs) {
        call(Calls.createLogs(logs));
    }

    /** {@code POST /logs/filter}: the logs that match. */
    default List<Log> readLogs(LogQuery query) {
        return call(Calls.readLogs(query));
    }

    // ---- events

    /** {@code POST /events}: records a batch of events. */
    default void emitEvents(List<Event> events) {
        call(Calls.emitEvents(events));
    }

    /**
     * Subscribes to the events that match {@code filter}, as
     * {@link PrefectAsyncClient#subscribeEvents} does, waiting (boundedly) for the server to accept.
     */
    EventSubscription subscribeEvents(EventFilter filter);

    // ---- variables

    /** {@code POST /variables/}; {@link ObjectAlreadyExistsException} if the name is taken. */
    default Variable createVariable(VariableCreate variable) {
        return call(Calls.createVariable(variable));
    }

    /** {@code GET /variables/name/{name}}: the variable, or empty if there is none. */
    default Optional<Variable> readVariableByName(String name) {
        return call(Calls.readVariableByName(name));
    }

    /** {@code PATCH /variables/name/{name}}; {@link ObjectNotFoundException} if there is none. */
    default void updateVariableByName(String name, VariableUpdate update) {
        call(Calls.updateVariableByName(name, update));
    }

    /** {@code DELETE /variables/name/{name}}; {@link ObjectNotFoundException} if there is none. */
    default void deleteVariableByName(String name) {
        call(Calls.deleteVariableByName(name));
    }

    /** {@code POST /variables/filter}: the variables that match. */
    default List<Variable> readVariables(VariableQuery query) {
        return call(Calls.readVariables(query));
    }

    // ---- artifacts

    /** {@code POST /artifacts/}: publishes an artifact; see {@code dev.jprefect.Artifacts} to link it to the current run. */
    default Artifact createArtifact(ArtifactCreate artifact) {
        return call(Calls.createArtifact(artifact));
    }

    /** {@code GET /artifacts/{id}}; {@link ObjectNotFoundException} if there is none. */
    default Artifact readArtifact(UUID id) {
        return call(Calls.readArtifact(id));
    }

    /** {@code PATCH /artifacts/{id}}: changes the non-null parts of {@code update}. */
    default void updateArtifact(UUID id, ArtifactUpdate update) {
        call(Calls.updateArtifact(id, update));
    }

    /** {@code DELETE /artifacts/{id}}; {@link ObjectNotFoundException} if there is none. */
    default void deleteArtifact(UUID id) {
        call(Calls.deleteArtifact(id));
    }

    /** {@code POST /artifacts/filter}: the artifacts that match. */
    default List<Artifact> readArtifacts(ArtifactQuery query) {
        return call(Calls.readArtifacts(query));
    }

    /** {@code POST /artifacts/count}: how many artifacts match (sort, offset and limit are ignored). */
    default long countArtifacts(ArtifactQuery query) {
        return call(Calls.countArtifacts(query));
    }

    /** {@code POST /artifacts/latest/filter}: the latest artifact of each key that matches. */
    default List<ArtifactCollection> readLatestArtifacts(ArtifactCollectionQuery query) {
        return call(Calls.readLatestArtifacts(query));
    }

    /** {@code POST /artifacts/latest/count}: how many keys match (sort, offset and limit are ignored). */
    default long countLatestArtifacts(ArtifactCollectionQuery query) {
        return call(Calls.countLatestArtifacts(query));
    }

    /**
     * {@code GET /artifacts/{key}/latest}: the latest artifact with {@code key}, or empty if there is
     * none. As Prefect's server answers it, this is the key's collection: the latest version's
     * content under the collection's id ({@link #readLatestArtifacts} gives the version's id as
     * {@code latestId}).
     */
    default Optional<Artifact> readLatestArtifact(String key) {
        return call(Calls.readLatestArtifact(key));
    }

    // ---- deployments

    /** {@code POST /deployments/}: creates the deployment, or updates the flow's deployment of that name and replaces its schedules (Prefect's upsert). */
    default Deployment createDeployment(DeploymentCreate deployment) {
        return call(Calls.createDeployment(deployment));
    }

    /** {@code GET /deployments/{id}}; {@link ObjectNotFoundException} if there is none. */
    default Deployment readDeployment(UUID id) {
        return call(Calls.readDeployment(id));
    }

    /** {@code GET /deployments/name/{flow_name}/{deployment_name}}; {@link ObjectNotFoundException} if there is none. */
    default Deployment readDeploymentByName(String flowName, String deploymentName) {
        return call(Calls.readDeploymentByName(flowName, deploymentName));
    }

    /** {@code PATCH /deployments/{id}}: changes the update's non-null parts. */
    default void updateDeployment(UUID id, DeploymentUpdate update) {
        call(Calls.updateDeployment(id, update));
    }

    /** {@code DELETE /deployments/{id}}. */
    default void deleteDeployment(UUID id) {
        call(Calls.deleteDeployment(id));
    }

    /** {@code POST /deployments/filter}: the deployments that match (null for all). */
    default List<Deployment> readDeployments(DeploymentQuery query) {
        return call(Calls.readDeployments(query));
    }

    /** {@code POST /deployments/paginate}: page {@code page} (from 1) of the matches, the query's limit per page. */
    default DeploymentPage paginateDeployments(DeploymentQuery query, int page) {
        return call(Calls.paginateDeployments(query, page));
    }

    /** {@code POST /deployments/count}: how many deployments match (sort and page ignored). */
    default long countDeployments(DeploymentQuery query) {
        return call(Calls.countDeployments(query));
    }

    /** {@code POST /deployments/{id}/create_flow_run}: a run of the deployment, its parameters over the deployment's (null for the defaults). */
    default FlowRun createFlowRunFromDeployment(UUID id, DeploymentFlowRunCreate run) {
        return call(Calls.createFlowRunFromDeployment(id, run));
    }

    /** {@code POST /deployments/{id}/pause_deployment}: its schedules make no more runs. */
    default void pauseDeployment(UUID id) {
        call(Calls.pauseDeployment(id));
    }

    /** {@code POST /deployments/{id}/resume_deployment}. */
    default void resumeDeployment(UUID id) {
        call(Calls.resumeDeployment(id));
    }

    /** {@code POST /deployments/get_scheduled_flow_runs}: the Scheduled runs of these deployments due before {@code scheduledBefore} (null for now), at most {@code limit} (null for the server's default), as Prefect's runner polls. */
    default List<FlowRun> getScheduledFlowRuns(List<UUID> deploymentIds, OffsetDateTime scheduledBefore, Integer limit) {
        return call(Calls.getScheduledFlowRuns(deploymentIds, scheduledBefore, limit));
    }

    // ---- deployment schedules

    /** {@code POST /deployments/{id}/schedules}: adds schedules, answers them as created. */
    default List<DeploymentSchedule> createDeploymentSchedules(UUID id, List<DeploymentScheduleCreate> schedules) {
        return call(Calls.createDeploymentSchedules(id, schedules));
    }

    /** {@code GET /deployments/{id}/schedules}. */
    default List<DeploymentSchedule> readDeploymentSchedules(UUID id) {
        return call(Calls.readDeploymentSchedules(id));
    }

    /** {@code PATCH /deployments/{id}/schedules/{schedule_id}}. */
    default void updateDeploymentSchedule(UUID id, UUID scheduleId, DeploymentScheduleUpdate update) {
        call(Calls.updateDeploymentSchedule(id, scheduleId, update));
    }

    /** {@code DELETE /deployments/{id}/schedules/{schedule_id}}. */
    default void deleteDeploymentSchedule(UUID id, UUID scheduleId) {
        call(Calls.deleteDeploymentSchedule(id, scheduleId));
    }

    // ---- work pools and work queues

    /** {@code POST /work_pools/}; {@link ObjectAlreadyExistsException} if the name is taken. */
    default WorkPool createWorkPool(WorkPoolCreate pool) {
        return call(Calls.createWorkPool(pool));
    }

    /** {@code GET /work_pools/{name}}; {@link ObjectNotFoundException} if there is none. */
    default WorkPool readWorkPool(String name) {
        return call(Calls.readWorkPool(name));
    }

    /** {@code POST /work_pools/filter}: the pools that match (null for all). */
    default List<WorkPool> readWorkPools(WorkPoolFilter filter) {
        return call(Calls.readWorkPools(filter));
    }

    /** {@code DELETE /work_pools/{name}}. */
    default void deleteWorkPool(String name) {
        call(Calls.deleteWorkPool(name));
    }

    /** {@code POST /work_pools/{work_pool_name}/queues}. */
    default WorkQueue createWorkQueue(String poolName, WorkQueueCreate queue) {
        return call(Calls.createWorkQueue(poolName, queue));
    }

    /** {@code GET /work_pools/{work_pool_name}/queues/{name}}; {@link ObjectNotFoundException} if there is none. */
    default WorkQueue readWorkQueue(String poolName, String name) {
        return call(Calls.readWorkQueue(poolName, name));
    }

    /** {@code POST /work_pools/{work_pool_name}/queues/filter}: the pool's queues that match (null for all). */
    default List<WorkQueue> readWorkQueues(String poolName, WorkQueueFilter filter) {
        return call(Calls.readWorkQueues(poolName, filter));
    }

    /**
     * Releases the transport and, in ephemeral mode, this client's hold on the embedded server.
     * Idempotent; calls made afterwards fail.
     */
    @Override
    void close();
}
