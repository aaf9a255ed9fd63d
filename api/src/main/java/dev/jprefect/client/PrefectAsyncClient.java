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
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous Prefect client: typed calls to the Prefect REST API that return
 * {@link CompletableFuture}s, over any {@link dev.jprefect.transport.Transport}.
 *
 * <p>Create one from the settings with {@link #create()} (or {@link PrefectClientBuilder} for an
 * explicit transport, settings, interceptors or clock). Every call goes through the same pipeline
 * as Prefect's {@code PrefectHttpxAsyncClient}: retries of 408, 429, 502, 503 (and
 * {@code PREFECT_CLIENT_RETRY_EXTRA_CODES}) and of transport failures, CSRF tokens, the
 * {@code User-Agent}, custom and auth headers. Futures complete exceptionally with a
 * {@link PrefectHttpStatusException} for a non-2xx answer (an {@link ObjectNotFoundException} for
 * 404) and a {@link PrefectClientException} when the API cannot be reached. No call blocks the
 * caller's thread (except that the in-memory transport runs the server on it); waits between
 * retries are scheduled.
 *
 * <p>A client is thread-safe. Close it when done: that releases the transport and, in ephemeral
 * mode, this client's hold on the embedded server.
 *
 * <pre>{@code
 * try (PrefectAsyncClient client = PrefectAsyncClient.create()) {
 *     client.createFlow(FlowCreate.of("etl"))
 *           .thenCompose(flow -> client.createFlowRun(FlowRunCreate.of(flow.id())))
 *           .join();
 * }
 * }</pre>
 */
public interface PrefectAsyncClient extends AutoCloseable {

    /**
     * Returns a client configured by {@code Settings.current()}; see {@link PrefectClientBuilder}.
     *
     * @throws PrefectClientException if no API is configured and ephemeral mode is off, or the
     *     embedded server's module is missing
     */
    static PrefectAsyncClient create() {
        return PrefectClientBuilder.create().buildAsync();
    }

    /** Returns the API's base URL, e.g. {@code http://127.0.0.1:4200/api} or {@code inmemory://app/api}. */
    URI apiUrl();

    /**
     * Returns the client's clock ({@link PrefectClientBuilder#sleeper}): flows and tasks that report
     * to this client wait by it too (retry delays, WAIT answers, scheduled start times).
     */
    Sleeper sleeper();

    /** Returns a blocking view of this client; closing either closes both. */
    PrefectClient blocking();

    /**
     * Sends {@code request} through the client's pipeline. A relative URI (e.g. {@code flows/}) is
     * resolved against {@link #apiUrl()}. Completes exceptionally with
     * {@link PrefectHttpStatusException} for a non-2xx answer.
     */
    CompletableFuture<ApiResponse> send(ApiRequest request);

    /**
     * Runs {@code call} through the client's pipeline and completes with its answer. Every typed
     * method below is such a call. Completes exceptionally with {@link PrefectHttpStatusException}
     * for an answer the call does not expect (usually non-2xx), {@link PrefectClientException} if
     * the API cannot be reached or the answer cannot be read.
     */
    <T> CompletableFuture<T> call(ApiCall<T> call);

    // ---- health and version

    /** {@code GET /health}: completes with true when the API answers that it is healthy. */
    default CompletableFuture<Boolean> health() {
        return call(Calls.health());
    }

    /** {@code GET /admin/version}: the server's Prefect version, e.g. {@code "3.9.1"}. */
    default CompletableFuture<String> serverVersion() {
        return call(Calls.serverVersion());
    }

    /** {@code GET /version}: the server's API version, e.g. {@code "0.8.4"}. */
    default CompletableFuture<String> apiVersion() {
        return call(Calls.apiVersion());
    }

    // ---- flows

    /** {@code POST /flows/}: creates the flow, or returns the existing flow of that name. */
    default CompletableFuture<Flow> createFlow(FlowCreate flow) {
        return call(Calls.createFlow(flow));
    }

    /** {@code GET /flows/{id}}; {@link ObjectNotFoundException} if there is none. */
    default CompletableFuture<Flow> readFlow(UUID id) {
        return call(Calls.readFlow(id));
    }

    /** {@code GET /flows/name/{name}}; {@link ObjectNotFoundException} if there is none. */
    default CompletableFuture<Flow> readFlowByName(String name) {
        return call(Calls.readFlowByName(name));
    }

    /** {@code POST /flows/filter}: the flows that match. */
    default CompletableFuture<List<Flow>> readFlows(FlowQuery query) {
        return call(Calls.readFlows(query));
    }

    /** {@code DELETE /flows/{id}}; {@link ObjectNotFoundException} if there is none. */
    default CompletableFuture<Void> deleteFlow(UUID id) {
        return call(Calls.deleteFlow(id));
    }

    // ---- flow runs

    /** {@code POST /flow_runs/}: creates a flow run (or returns the one with the same idempotency key). */
    default CompletableFuture<FlowRun> createFlowRun(FlowRunCreate flowRun) {
        return call(Calls.createFlowRun(flowRun));
    }

    /** {@code GET /flow_runs/{id}}; {@link ObjectNotFoundException} if there is none. */
    default CompletableFuture<FlowRun> readFlowRun(UUID id) {
        return call(Calls.readFlowRun(id));
    }

    /** {@code PATCH /flow_runs/{id}}: changes the non-null parts of {@code update}. */
    default CompletableFuture<Void> updateFlowRun(UUID id, FlowRunUpdate update) {
        return call(Calls.updateFlowRun(id, update));
    }

    /** {@code POST /flow_runs/filter}: the flow runs that match. */
    default CompletableFuture<List<FlowRun>> readFlowRuns(FlowRunQuery query) {
        return call(Calls.readFlowRuns(query));
    }

    /** {@code POST /flow_runs/count}: how many flow runs match (sort, offset and limit are ignored). */
    default CompletableFuture<Long> countFlowRuns(FlowRunQuery query) {
        return call(Calls.countFlowRuns(query));
    }

    /** {@code DELETE /flow_runs/{id}}; {@link ObjectNotFoundException} if there is none. */
    default CompletableFuture<Void> deleteFlowRun(UUID id) {
        return call(Calls.deleteFlowRun(id));
    }

    /**
     * {@code POST /flow_runs/{id}/set_state}: proposes {@code state}; the server's orchestration
     * rules accept, reject, abort or ask to wait. {@code force} skips the rules.
     */
    default CompletableFuture<OrchestrationResult> setFlowRunState(UUID id, StateCreate state, boolean force) {
        return call(Calls.setFlowRunState(id, state, force));
    }

    /** {@code GET /flow_run_states/?flow_run_id=}: the run's states, oldest first. */
    default CompletableFuture<List<State>> readFlowRunStates(UUID flowRunId) {
        return call(Calls.readFlowRunStates(flowRunId));
    }

    // ---- task runs

    /** {@code POST /task_runs/}: creates a task run (or returns the one with the same keys). */
    default CompletableFuture<TaskRun> createTaskRun(TaskRunCreate taskRun) {
        return call(Calls.createTaskRun(taskRun));
    }

    /** {@code GET /task_runs/{id}}; {@link ObjectNotFoundException} if there is none. */
    default CompletableFuture<TaskRun> readTaskRun(UUID id) {
        return call(Calls.readTaskRun(id));
    }

    /** {@code PATCH /task_runs/{id}}: changes the non-null parts of {@code update}. */
    default CompletableFuture<Void> updateTaskRun(UUID id, TaskRunUpdate update) {
        return call(Calls.updateTaskRun(id, update));
    }

    /** {@code POST /task_runs/filter}: the task runs that match. */
    default CompletableFuture<List<TaskRun>> readTaskRuns(TaskRunQuery query) {
        return call(Calls.readTaskRuns(query));
    }

    /** {@code POST /task_runs/count}: how many task runs match (sort, offset and limit are ignored). */
    default CompletableFuture<Long> countTaskRuns(TaskRunQuery query) {
        return call(Calls.countTaskRuns(query));
    }

    /** {@code DELETE /task_runs/{id}}; {@link ObjectNotFoundException} if there is none. */
    default CompletableFuture<Void> deleteTaskRun(UUID id) {
        return call(Calls.deleteTaskRun(id));
    }

    /** {@code POST /task_runs/{id}/set_state}: proposes {@code state}; {@code force} skips the rules. */
    default CompletableFuture<OrchestrationResult> setTaskRunState(UUID id, StateCreate state, boolean force) {
        return call(Calls.setTaskRunState(id, state, force));
    }

    /** {@code GET /task_run_states/?task_run_id=}: the run's states, oldest first. */
    default CompletableFuture<List<State>> readTaskRunStates(UUID taskRunId) {
        return call(Calls.readTaskRunStates(taskRunId));
    }

    // ---- logs

    /** {@code POST /logs/}: stores a batch of log records. */
    default CompletableFuture<Void> createLogs(List<LogCreate> logs) {
        return call(Calls.createLogs(logs));
    }

    /** {@code POST /logs/filter}: the logs that match. */
    default CompletableFuture<List<Log>> readLogs(LogQuery query) {
        return call(Calls.readLogs(query));
    }

    // ---- events

    /**
     * {@code POST /events}: records a batch of events. Inside a flow or task run,
     * {@link dev.jprefect.RunContext#emitEvent} relates the run's resources for you.
     */
    default CompletableFuture<Void> emitEvents(List<Event> events) {
        return call(Calls.emitEvents(events));
    }

    /**
     * Subscribes to the events that match {@code filter} over the {@code /events/out} stream
     * (Prefect's protocol: subprotocol {@code prefect}, an {@code auth} message with the API key or
     * auth string, then the filter). The future completes once the server has accepted the
     * subscription, or fails with a {@link PrefectClientException} naming the close code and reason;
     * a transport without streams fails it with an {@link UnsupportedOperationException}.
     */
    CompletableFuture<EventSubscription> subscribeEvents(EventFilter filter);

    // ---- variables

    /** {@code POST /variables/}; {@link ObjectAlreadyExistsException} if the name is taken. */
    default CompletableFuture<Variable> createVariable(VariableCreate variable) {
        return call(Calls.createVariable(variable));
    }

    /** {@code GET /variables/name/{name}}: the variable, or empty if there is none. */
    default CompletableFuture<Optional<Variable>> readVariableByName(String name) {
        return call(Calls.readVariableByName(name));
    }

    /** {@code PATCH /variables/name/{name}}; {@link ObjectNotFoundException} if there is none. */
    default CompletableFuture<Void> updateVariableByName(String name, VariableUpdate update) {
        return call(Calls.updateVariableByName(name, update));
    }

    /** {@code DELETE /variables/name/{name}}; {@link ObjectNotFoundException} if there is none. */
    default CompletableFuture<Void> deleteVariableByName(String name) {
        return call(Calls.deleteVariableByName(name));
    }

    /** {@code POST /variables/filter}: the variables that match. */
    default CompletableFuture<List<Variable>> readVariables(VariableQuery query) {
        return call(Calls.readVariables(query));
    }

    // ---- artifacts

    /** {@code POST /artifacts/}: publishes an artifact; see {@code dev.jprefect.Artifacts} to link it to the current run. */
    default CompletableFuture<Artifact> createArtifact(ArtifactCreate artifact) {
        return call(Calls.createArtifact(artifact));
    }

    /** {@code GET /artifacts/{id}}; {@link ObjectNotFoundException} if there is none. */
    default CompletableFuture<Artifact> readArtifact(UUID id) {
        return call(Calls.readArtifact(id));
    }

    /** {@code PATCH /artifacts/{id}}: changes the non-null parts of {@code update}. */
    default CompletableFuture<Void> updateArtifact(UUID id, ArtifactUpdate update) {
        return call(Calls.updateArtifact(id, update));
    }

    /** {@code DELETE /artifacts/{id}}; {@link ObjectNotFoundException} if there is none. */
    default CompletableFuture<Void> deleteArtifact(UUID id) {
        return call(Calls.deleteArtifact(id));
    }

    /** {@code POST /artifacts/filter}: the artifacts that match. */
    default CompletableFuture<List<Artifact>> readArtifacts(ArtifactQuery query) {
        return call(Calls.readArtifacts(query));
    }

    /** {@code POST /artifacts/count}: how many artifacts match (sort, offset and limit are ignored). */
    default CompletableFuture<Long> countArtifacts(ArtifactQuery query) {
        return call(Calls.countArtifacts(query));
    }

    /** {@code POST /artifacts/latest/filter}: the latest artifact of each key that matches. */
    default CompletableFuture<List<ArtifactCollection>> readLatestArtifacts(ArtifactCollectionQuery query) {
        return call(Calls.readLatestArtifacts(query));
    }

    /** {@code POST /artifacts/latest/count}: how many keys match (sort, offset and limit are ignored). */
    default CompletableFuture<Long> countLatestArtifacts(ArtifactCollectionQuery query) {
        return call(Calls.countLatestArtifacts(query));
    }

    /**
     * {@code GET /artifacts/{key}/latest}: the latest artifact with {@code key}, or empty if there is
     * none. As Prefect's server answers it, this is the key's collection: the latest version's
     * content under the collection's id ({@link #readLatestArtifacts} gives the version's id as
     * {@code latestId}).
     */
    default CompletableFuture<Optional<Artifact>> readLatestArtifact(String key) {
        return call(Calls.readLatestArtifact(key));
    }

    // ---- deployments

    /** {@code POST /deployments/}: creates the deployment, or updates the flow's deployment of that name and replaces its schedules (Prefect's upsert). */
    default CompletableFuture<Deployment> createDeployment(DeploymentCreate deployment) {
        return call(Calls.createDeployment(deployment));
    }

    /** {@code GET /deployments/{id}}; {@link ObjectNotFoundException} if there is none. */
    default CompletableFuture<Deployment> readDeployment(UUID id) {
        return call(Calls.readDeployment(id));
    }

    /** {@code GET /deployments/name/{flow_name}/{deployment_name}}; {@link ObjectNotFoundException} if there is none. */
    default CompletableFuture<Deployment> readDeploymentByName(String flowName, String deploymentName) {
        return call(Calls.readDeploymentByName(flowName, deploymentName));
    }

    /** {@code PATCH /deployments/{id}}: changes the update's non-null parts. */
    default CompletableFuture<Void> updateDeployment(UUID id, DeploymentUpdate update) {
        return call(Calls.updateDeployment(id, update));
    }

    /** {@code DELETE /deployments/{id}}. */
    default CompletableFuture<Void> deleteDeployment(UUID id) {
        return call(Calls.deleteDeployment(id));
    }

    /** {@code POST /deployments/filter}: the deployments that match (null for all). */
    default CompletableFuture<List<Deployment>> readDeployments(DeploymentQuery query) {
        return call(Calls.readDeployments(query));
    }

    /** {@code POST /deployments/paginate}: page {@code page} (from 1) of the matches, the query's limit per page. */
    default CompletableFuture<DeploymentPage> paginateDeployments(DeploymentQuery query, int page) {
        return call(Calls.paginateDeployments(query, page));
    }

    /** {@code POST /deployments/count}: how many deployments match (sort and page ignored). */
    default CompletableFuture<Long> countDeployments(DeploymentQuery query) {
        return call(Calls.countDeployments(query));
    }

    /** {@code POST /deployments/{id}/create_flow_run}: a run of the deployment, its parameters over the deployment's (null for the defaults). */
    default CompletableFuture<FlowRun> createFlowRunFromDeployment(UUID id, DeploymentFlowRunCreate run) {
        return call(Calls.createFlowRunFromDeployment(id, run));
    }

    /** {@code POST /deployments/{id}/pause_deployment}: its schedules make no more runs. */
    default CompletableFuture<Void> pauseDeployment(UUID id) {
        return call(Calls.pauseDeployment(id));
    }

    /** {@code POST /deployments/{id}/resume_deployment}. */
    default CompletableFuture<Void> resumeDeployment(UUID id) {
        return call(Calls.resumeDeployment(id));
    }

    /** {@code POST /deployments/get_scheduled_flow_runs}: the Scheduled runs of these deployments due before {@code scheduledBefore} (null for now), at most {@code limit} (null for the server's default), as Prefect's runner polls. */
    default CompletableFuture<List<FlowRun>> getScheduledFlowRuns(List<UUID> deploymentIds, OffsetDateTime scheduledBefore, Integer limit) {
        return call(Calls.getScheduledFlowRuns(deploymentIds, scheduledBefore, limit));
    }

    // ---- deployment schedules

    /** {@code POST /deployments/{id}/schedules}: adds schedules, answers them as created. */
    default CompletableFuture<List<DeploymentSchedule>> createDeploymentSchedules(UUID id, List<DeploymentScheduleCreate> schedules) {
        return call(Calls.createDeploymentSchedules(id, schedules));
    }

    /** {@code GET /deployments/{id}/schedules}. */
    default CompletableFuture<List<DeploymentSchedule>> readDeploymentSchedules(UUID id) {
        return call(Calls.readDeploymentSchedules(id));
    }

    /** {@code PATCH /deployments/{id}/schedules/{schedule_id}}. */
    default CompletableFuture<Void> updateDeploymentSchedule(UUID id, UUID scheduleId, DeploymentScheduleUpdate update) {
        return call(Calls.updateDeploymentSchedule(id, scheduleId, update));
    }

    /** {@code DELETE /deployments/{id}/schedules/{schedule_id}}. */
    default CompletableFuture<Void> deleteDeploymentSchedule(UUID id, UUID scheduleId) {
        return call(Calls.deleteDeploymentSchedule(id, scheduleId));
    }

    // ---- work pools and work queues

    /** {@code POST /work_pools/}; {@link ObjectAlreadyExistsException} if the name is taken. */
    default CompletableFuture<WorkPool> createWorkPool(WorkPoolCreate pool) {
        return call(Calls.createWorkPool(pool));
    }

    /** {@code GET /work_pools/{name}}; {@link ObjectNotFoundException} if there is none. */
    default CompletableFuture<WorkPool> readWorkPool(String name) {
        return call(Calls.readWorkPool(name));
    }

    /** {@code POST /work_pools/filter}: the pools that match (null for all). */
    default CompletableFuture<List<WorkPool>> readWorkPools(WorkPoolFilter filter) {
        return call(Calls.readWorkPools(filter));
    }

    /** {@code DELETE /work_pools/{name}}. */
    default CompletableFuture<Void> deleteWorkPool(String name) {
        return call(Calls.deleteWorkPool(name));
    }

    /** {@code POST /work_pools/{work_pool_name}/queues}. */
    default CompletableFuture<WorkQueue> createWorkQueue(String poolName, WorkQueueCreate queue) {
        return call(Calls.createWorkQueue(poolName, queue));
    }

    /** {@code GET /work_pools/{work_pool_name}/queues/{name}}; {@link ObjectNotFoundException} if there is none. */
    default CompletableFuture<WorkQueue> readWorkQueue(String poolName, String name) {
        return call(Calls.readWorkQueue(poolName, name));
    }

    /** {@code POST /work_pools/{work_pool_name}/queues/filter}: the pool's queues that match (null for all). */
    default CompletableFuture<List<WorkQueue>> readWorkQueues(String poolName, WorkQueueFilter filter) {
        return call(Calls.readWorkQueues(poolName, filter));
    }

    /**
     * Releases the transport and, in ephemeral mode, this client's hold on the embedded server.
     * Idempotent; calls made afterwards fail.
     */
    @Override
    void close();
}
