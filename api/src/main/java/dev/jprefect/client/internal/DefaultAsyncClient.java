package dev.jprefect.client.internal;

import com.squareup.moshi.Json;
import dev.jprefect.client.Interceptor;
import dev.jprefect.client.ObjectAlreadyExistsException;
import dev.jprefect.client.ObjectNotFoundException;
import dev.jprefect.client.PrefectAsyncClient;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientException;
import dev.jprefect.client.PrefectHttpStatusException;
import dev.jprefect.client.Sleeper;
import dev.jprefect.client.schemas.Flow;
import dev.jprefect.client.schemas.FlowCreate;
import dev.jprefect.client.schemas.FlowFilter;
import dev.jprefect.client.schemas.FlowQuery;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.FlowRunCreate;
import dev.jprefect.client.schemas.FlowRunFilter;
import dev.jprefect.client.schemas.FlowRunQuery;
import dev.jprefect.client.schemas.FlowRunUpdate;
import dev.jprefect.client.schemas.JsonCodec;
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
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The one implementation of {@link PrefectAsyncClient}: typed calls that build requests, run them
 * through the pipeline (headers, retry, CSRF, the user's interceptors, the transport), turn non-2xx
 * answers into {@link PrefectHttpStatusException}s, and read the JSON.
 */
public final class DefaultAsyncClient implements PrefectAsyncClient {

    private final URI apiUrl;
    private final Transport transport;
    private final AutoCloseable resources;
    private final List<Interceptor> interceptors;
    private final int firstUserIndex;
    private final RetryInterceptor retry;
    private final CsrfInterceptor csrf;
    private final Duration blockingTimeout;
    private final JsonCodec json = JsonCodec.standard();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final DefaultBlockingClient blocking;
    private final Sleeper sleeper;

    /**
     * @param resources what closing the client releases besides the transport (the ephemeral
     *     server's lease), or null
     */
    DefaultAsyncClient(URI apiUrl, Transport transport, AutoCloseable resources, ClientOptions options,
            List<Interceptor> userInterceptors, Sleeper sleeper, Jitter jitter) {
        this.apiUrl = Objects.requireNonNull(apiUrl, "apiUrl");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.resources = resources;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.retry = new RetryInterceptor(options.maxRetries(), options.jitterFactor(), options.extraRetryCodes(),
                sleeper, jitter);
        this.csrf = options.csrfEnabled() ? new CsrfInterceptor(apiUrl, sleeper, this::execute) : null;
        List<Interceptor> all = new ArrayList<>();
        all.add(HeadersInterceptor.of(options.apiKey(), options.authString(), options.customHeaders()));
        all.add(retry);
        if (csrf != null) {
            all.add(csrf);
        }
        this.firstUserIndex = all.size();
        for (Interceptor interceptor : userInterceptors) {
            all.add(Objects.requireNonNull(interceptor, "interceptor"));
        }
        all.add(new TransportStep(transport));
        this.interceptors = List.copyOf(all);
        this.blockingTimeout = options.blockingTimeout();
        this.blocking = new DefaultBlockingClient(this, blockingTimeout);
    }

    /** Returns the retry step (tests read whether the client has connected). */
    RetryInterceptor retryStep() {
        return retry;
    }

    /** Returns the CSRF step, or null when CSRF support is off by setting. */
    CsrfInterceptor csrfStep() {
        return csrf;
    }

    @Override
    public URI apiUrl() {
        return apiUrl;
    }

    @Override
    public Sleeper sleeper() {
        return sleeper;
    }

    @Override
    public PrefectClient blocking() {
        return blocking;
    }

    @Override
    public CompletableFuture<ApiResponse> send(ApiRequest request) {
        Objects.requireNonNull(request, "request");
        return execute(request.withUri(ApiPaths.resolve(apiUrl, request.uri())));
    }

    /** Runs {@code request} through the pipeline; a non-2xx answer fails the future. */
    CompletableFuture<ApiResponse> execute(ApiRequest request) {
        if (closed.get()) {
            return Futures.failed(new PrefectClientException("this Prefect client (API " + apiUrl
                    + ") is closed; " + request.method() + " " + request.uri() + " was not sent"));
        }
        return RealChain.start(interceptors, firstUserIndex, request).handle((response, failure) -> {
            if (failure != null) {
                throw translate(request, Futures.unwrap(failure));
            }
            if (!response.isSuccessful()) {
                throw statusException(request, response);
            }
            return response;
        });
    }

    private RuntimeException translate(ApiRequest request, Throwable failure) {
        if (failure instanceof RuntimeException) {
            return (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure instanceof TransportException) {
            TransportException te = (TransportException) failure;
            if (te.kind() == TransportException.Kind.CONNECT_REFUSED) {
                return new PrefectClientException("Cannot connect to the Prefect API at " + apiUrl + " ("
                        + request.method() + " " + request.uri() + ": connection refused). Check that the server"
                        + " is running and that PREFECT_API_URL points at it.", te);
            }
            return new PrefectClientException(request.method() + " " + request.uri() + " to the Prefect API at "
                    + apiUrl + " failed: " + te.getMessage(), te);
        }
        return new PrefectClientException(request.method() + " " + request.uri() + " failed: " + failure, failure);
    }

    private static PrefectHttpStatusException statusException(ApiRequest request, ApiResponse response) {
        switch (response.status()) {
            case 404:
                return new ObjectNotFoundException(request, response);
            case 409:
                return new ObjectAlreadyExistsException(request, response);
            default:
                return new PrefectHttpStatusException(request, response);
        }
    }

    // ---- typed calls

    private ApiRequest request(String method, String path, Object body) {
        ApiRequest.Builder builder = ApiRequest.builder(method, ApiPaths.resolve(apiUrl, path));
        if (body != null) {
            builder.body(json.toJson(body));
        }
        return builder.build();
    }

    private <T> CompletableFuture<T> call(String method, String path, Object body, Function<String, T> reader) {
        ApiRequest request;
        try {
            request = request(method, path, body);
        } catch (RuntimeException e) {
            return Futures.failed(e);
        }
        return execute(request).thenApply(response -> {
            try {
                return reader.apply(response.bodyAsString());
            } catch (IllegalArgumentException e) {
                throw new PrefectClientException("cannot read the answer to " + method + " " + request.uri()
                        + ": " + e.getMessage(), e);
            }
        });
    }

    private <T> CompletableFuture<T> call(String method, String path, Object body, Class<T> type) {
        return call(method, path, body, text -> {
            T value = json.fromJson(text, type);
            if (value == null) {
                throw new IllegalArgumentException("expected " + type.getSimpleName() + " but the body was null");
            }
            return value;
        });
    }

    private <T> CompletableFuture<List<T>> callList(String method, String path, Object body, Class<T> type) {
        return call(method, path, body, text -> json.listFromJson(text, type));
    }

    private CompletableFuture<Void> callVoid(String method, String path, Object body) {
        return call(method, path, body, text -> null);
    }

    private static String id(UUID id) {
        return Objects.requireNonNull(id, "id").toString();
    }

    private static String name(String name) {
        Objects.requireNonNull(name, "name");
        return ApiPaths.segment(name);
    }

    @Override
    public CompletableFuture<Boolean> health() {
        return call("GET", "/health", null, text -> Boolean.TRUE.equals(json.fromJson(text, Object.class)));
    }

    @Override
    public CompletableFuture<String> serverVersion() {
        return call("GET", "/admin/version", null, String.class);
    }

    @Override
    public CompletableFuture<String> apiVersion() {
        return call("GET", "/version", null, String.class);
    }

    @Override
    public CompletableFuture<Flow> createFlow(FlowCreate flow) {
        return call("POST", "/flows/", Objects.requireNonNull(flow, "flow"), Flow.class);
    }

    @Override
    public CompletableFuture<Flow> readFlow(UUID id) {
        return call("GET", "/flows/" + id(id), null, Flow.class);
    }

    @Override
    public CompletableFuture<Flow> readFlowByName(String name) {
        return call("GET", "/flows/name/" + name(name), null, Flow.class);
    }

    @Override
    public CompletableFuture<List<Flow>> readFlows(FlowQuery query) {
        return callList("POST", "/flows/filter", query == null ? FlowQuery.all() : query, Flow.class);
    }

    @Override
    public CompletableFuture<Void> deleteFlow(UUID id) {
        return callVoid("DELETE", "/flows/" + id(id), null);
    }

    @Override
    public CompletableFuture<FlowRun> createFlowRun(FlowRunCreate flowRun) {
        return call("POST", "/flow_runs/", Objects.requireNonNull(flowRun, "flowRun"), FlowRun.class);
    }

    @Override
    public CompletableFuture<FlowRun> readFlowRun(UUID id) {
        return call("GET", "/flow_runs/" + id(id), null, FlowRun.class);
    }

    @Override
    public CompletableFuture<Void> updateFlowRun(UUID id, FlowRunUpdate update) {
        return callVoid("PATCH", "/flow_runs/" + id(id), Objects.requireNonNull(update, "update"));
    }

    @Override
    public CompletableFuture<List<FlowRun>> readFlowRuns(FlowRunQuery query) {
        return callList("POST", "/flow_runs/filter", query == null ? FlowRunQuery.all() : query, FlowRun.class);
    }

    @Override
    public CompletableFuture<Long> countFlowRuns(FlowRunQuery query) {
        FlowRunQuery q = query == null ? FlowRunQuery.all() : query;
        return call("POST", "/flow_runs/count", new CountBody(q.flows(), q.flowRuns(), q.taskRuns()), Long.class);
    }

    @Override
    public CompletableFuture<Void> deleteFlowRun(UUID id) {
        return callVoid("DELETE", "/flow_runs/" + id(id), null);
    }

    @Override
    public CompletableFuture<OrchestrationResult> setFlowRunState(UUID id, StateCreate state, boolean force) {
        return call("POST", "/flow_runs/" + id(id) + "/set_state",
                new SetStateBody(Objects.requireNonNull(state, "state"), force), OrchestrationResult.class);
    }

    @Override
    public CompletableFuture<List<State>> readFlowRunStates(UUID flowRunId) {
        return callList("GET", "/flow_run_states/?flow_run_id=" + id(flowRunId), null, State.class);
    }

    @Override
    public CompletableFuture<TaskRun> createTaskRun(TaskRunCreate taskRun) {
        return call("POST", "/task_runs/", Objects.requireNonNull(taskRun, "taskRun"), TaskRun.class);
    }

    @Override
    public CompletableFuture<TaskRun> readTaskRun(UUID id) {
        return call("GET", "/task_runs/" + id(id), null, TaskRun.class);
    }

    @Override
    public CompletableFuture<Void> updateTaskRun(UUID id, TaskRunUpdate update) {
        return callVoid("PATCH", "/task_runs/" + id(id), Objects.requireNonNull(update, "update"));
    }

    @Override
    public CompletableFuture<List<TaskRun>> readTaskRuns(TaskRunQuery query) {
        return callList("POST", "/task_runs/filter", query == null ? TaskRunQuery.all() : query, TaskRun.class);
    }

    @Override
    public CompletableFuture<Long> countTaskRuns(TaskRunQuery query) {
        TaskRunQuery q = query == null ? TaskRunQuery.all() : query;
        return call("POST", "/task_runs/count", new CountBody(q.flows(), q.flowRuns(), q.taskRuns()), Long.class);
    }

    @Override
    public CompletableFuture<Void> deleteTaskRun(UUID id) {
        return callVoid("DELETE", "/task_runs/" + id(id), null);
    }

    @Override
    public CompletableFuture<OrchestrationResult> setTaskRunState(UUID id, StateCreate state, boolean force) {
        return call("POST", "/task_runs/" + id(id) + "/set_state",
                new SetStateBody(Objects.requireNonNull(state, "state"), force), OrchestrationResult.class);
    }

    @Override
    public CompletableFuture<List<State>> readTaskRunStates(UUID taskRunId) {
        return callList("GET", "/task_run_states/?task_run_id=" + id(taskRunId), null, State.class);
    }

    @Override
    public CompletableFuture<Void> createLogs(List<LogCreate> logs) {
        return callVoid("POST", "/logs/", List.copyOf(Objects.requireNonNull(logs, "logs")));
    }

    @Override
    public CompletableFuture<List<Log>> readLogs(LogQuery query) {
        return callList("POST", "/logs/filter", query == null ? LogQuery.all() : query, Log.class);
    }

    @Override
    public CompletableFuture<Variable> createVariable(VariableCreate variable) {
        return call("POST", "/variables/", Objects.requireNonNull(variable, "variable"), Variable.class);
    }

    @Override
    public CompletableFuture<Optional<Variable>> readVariableByName(String name) {
        return call("GET", "/variables/name/" + name(name), null, Variable.class)
                .thenApply(Optional::of)
                .exceptionally(failure -> {
                    Throwable cause = Futures.unwrap(failure);
                    if (cause instanceof ObjectNotFoundException) {
                        return Optional.empty();
                    }
                    throw cause instanceof RuntimeException ? (RuntimeException) cause
                            : new PrefectClientException(cause.toString(), cause);
                });
    }

    @Override
    public CompletableFuture<Void> updateVariableByName(String name, VariableUpdate update) {
        return callVoid("PATCH", "/variables/name/" + name(name), Objects.requireNonNull(update, "update"));
    }

    @Override
    public CompletableFuture<Void> deleteVariableByName(String name) {
        return callVoid("DELETE", "/variables/name/" + name(name), null);
    }

    @Override
    public CompletableFuture<List<Variable>> readVariables(VariableQuery query) {
        return callList("POST", "/variables/filter", query == null ? VariableQuery.all() : query, Variable.class);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            transport.close();
        } finally {
            if (resources != null) {
                try {
                    resources.close();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new PrefectClientException("closing the client for " + apiUrl + " failed: " + e, e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "PrefectAsyncClient(" + apiUrl + ")";
    }

    /** The body of {@code set_state}. */
    private record SetStateBody(StateCreate state, boolean force) {
    }

    /** The body of the {@code count} routes: the filters without sort, offset and limit. */
    private record CountBody(
            FlowFilter flows,
            @Json(name = "flow_runs") FlowRunFilter flowRuns,
            @Json(name = "task_runs") TaskRunFilter taskRuns) {
    }

    /** The end of the pipeline: hands the request to the transport. */
    private static final class TransportStep implements Interceptor {
        private final Transport transport;

        TransportStep(Transport transport) {
            this.transport = transport;
        }

        @Override
        public CompletableFuture<ApiResponse> intercept(Chain chain) {
            CompletableFuture<ApiResponse> sent = transport.send(chain.request());
            return sent == null
                    ? Futures.failed(new IllegalStateException(transport + " returned null from send()"))
                    : sent;
        }

        @Override
        public String toString() {
            return "transport " + transport;
        }
    }
}
