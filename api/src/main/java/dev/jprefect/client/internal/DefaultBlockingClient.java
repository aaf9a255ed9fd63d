package dev.jprefect.client.internal;

import dev.jprefect.client.PrefectAsyncClient;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientException;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one implementation of {@link PrefectClient}: waits for each call of the asynchronous client,
 * at most {@link ClientOptions#blockingTimeout()}, and rethrows its failure unwrapped.
 */
final class DefaultBlockingClient implements PrefectClient {
    private final DefaultAsyncClient async;
    private final Duration timeout;

    DefaultBlockingClient(DefaultAsyncClient async, Duration timeout) {
        this.async = async;
        this.timeout = timeout;
    }

    private <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = Futures.unwrap(e);
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new PrefectClientException("call to the Prefect API at " + async.apiUrl() + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new PrefectClientException("no answer from the Prefect API at " + async.apiUrl() + " within "
                    + timeout + " (every attempt and back-off allowed by PREFECT_API_REQUEST_TIMEOUT and"
                    + " PREFECT_CLIENT_MAX_RETRIES)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new PrefectClientException("interrupted while waiting for the Prefect API at " + async.apiUrl(), e);
        }
    }

    @Override
    public URI apiUrl() {
        return async.apiUrl();
    }

    @Override
    public PrefectAsyncClient async() {
        return async;
    }

    @Override
    public ApiResponse send(ApiRequest request) {
        return await(async.send(request));
    }

    @Override
    public boolean health() {
        return await(async.health());
    }

    @Override
    public String serverVersion() {
        return await(async.serverVersion());
    }

    @Override
    public String apiVersion() {
        return await(async.apiVersion());
    }

    @Override
    public Flow createFlow(FlowCreate flow) {
        return await(async.createFlow(flow));
    }

    @Override
    public Flow readFlow(UUID id) {
        return await(async.readFlow(id));
    }

    @Override
    public Flow readFlowByName(String name) {
        return await(async.readFlowByName(name));
    }

    @Override
    public List<Flow> readFlows(FlowQuery query) {
        return await(async.readFlows(query));
    }

    @Override
    public void deleteFlow(UUID id) {
        await(async.deleteFlow(id));
    }

    @Override
    public FlowRun createFlowRun(FlowRunCreate flowRun) {
        return await(async.createFlowRun(flowRun));
    }

    @Override
    public FlowRun readFlowRun(UUID id) {
        return await(async.readFlowRun(id));
    }

    @Override
    public void updateFlowRun(UUID id, FlowRunUpdate update) {
        await(async.updateFlowRun(id, update));
    }

    @Override
    public List<FlowRun> readFlowRuns(FlowRunQuery query) {
        return await(async.readFlowRuns(query));
    }

    @Override
    public long countFlowRuns(FlowRunQuery query) {
        return await(async.countFlowRuns(query));
    }

    @Override
    public void deleteFlowRun(UUID id) {
        await(async.deleteFlowRun(id));
    }

    @Override
    public OrchestrationResult setFlowRunState(UUID id, StateCreate state, boolean force) {
        return await(async.setFlowRunState(id, state, force));
    }

    @Override
    public List<State> readFlowRunStates(UUID flowRunId) {
        return await(async.readFlowRunStates(flowRunId));
    }

    @Override
    public TaskRun createTaskRun(TaskRunCreate taskRun) {
        return await(async.createTaskRun(taskRun));
    }

    @Override
    public TaskRun readTaskRun(UUID id) {
        return await(async.readTaskRun(id));
    }

    @Override
    public void updateTaskRun(UUID id, TaskRunUpdate update) {
        await(async.updateTaskRun(id, update));
    }

    @Override
    public List<TaskRun> readTaskRuns(TaskRunQuery query) {
        return await(async.readTaskRuns(query));
    }

    @Override
    public long countTaskRuns(TaskRunQuery query) {
        return await(async.countTaskRuns(query));
    }

    @Override
    public void deleteTaskRun(UUID id) {
        await(async.deleteTaskRun(id));
    }

    @Override
    public OrchestrationResult setTaskRunState(UUID id, StateCreate state, boolean force) {
        return await(async.setTaskRunState(id, state, force));
    }

    @Override
    public List<State> readTaskRunStates(UUID taskRunId) {
        return await(async.readTaskRunStates(taskRunId));
    }

    @Override
    public void createLogs(List<LogCreate> logs) {
        await(async.createLogs(logs));
    }

    @Override
    public List<Log> readLogs(LogQuery query) {
        return await(async.readLogs(query));
    }

    @Override
    public Variable createVariable(VariableCreate variable) {
        return await(async.createVariable(variable));
    }

    @Override
    public Optional<Variable> readVariableByName(String name) {
        return await(async.readVariableByName(name));
    }

    @Override
    public void updateVariableByName(String name, VariableUpdate update) {
        await(async.updateVariableByName(name, update));
    }

    @Override
    public void deleteVariableByName(String name) {
        await(async.deleteVariableByName(name));
    }

    @Override
    public List<Variable> readVariables(VariableQuery query) {
        return await(async.readVariables(query));
    }

    @Override
    public void close() {
        async.close();
    }

    @Override
    public String toString() {
        return "PrefectClient(" + async.apiUrl() + ")";
    }
}
