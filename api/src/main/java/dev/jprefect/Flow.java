package dev.jprefect;

import dev.jprefect.internal.engine.FlowEngine;
import dev.jprefect.internal.engine.FlowSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A Prefect flow: a named function whose calls are orchestrated runs. Define one with
 * {@link #of(String, ThrowingFunction)} (or {@link #of(String, ThrowingSupplier)} and
 * {@link #of(String, ThrowingRunnable)} for a flow without parameters or result; all may throw
 * checked exceptions, which fail the run) and adjust it with the {@code withX} methods, which return modified copies; defining a flow does no
 * I/O. A flow is immutable and may be called from many threads at once.
 *
 * <p>{@link #call} registers the flow with the API (once per client), creates a flow run with the
 * parameters (a record's components, a map's entries, or any other value as {@code input}, encoded
 * as JSON; a value that cannot be encoded is recorded as its string form), and drives it through
 * Pending and Running to Completed, Failed, Crashed (an {@link Error}, or an interruption) or
 * TimedOut (a Failed state of that name), following the server's orchestration: retries are
 * scheduled by the server and their delay honoured; WAIT answers are waited out. The function's
 * return value comes back to the caller; a run that did not complete throws
 * {@link FlowRunException}, or, with {@link #callForState}, is returned as its final state.
 *
 * <p>A flow called inside a flow run is a subflow, linked to its parent by a task run in the parent
 * flow run; subflows nest to any depth. Inside the function, tasks called or submitted belong to the
 * run, {@link RunContext#current()} describes it and {@link RunLogger#current()} logs to it. Runs
 * report to the client of {@link Flows} (by default one made from the settings, or in ephemeral
 * mode the embedded server started in-process).
 *
 * <pre>{@code
 * record Order(String customer, int quantity) { }
 *
 * Flow<Order, String> fulfil = Flow.of("fulfil", (Order o) -> pack.call(o) + " for " + o.customer())
 *         .withRetries(2)
 *         .withRetryDelay(Duration.ofSeconds(10))
 *         .withTimeout(Duration.ofMinutes(5));
 *
 * String receipt = fulfil.call(new Order("ada", 3));     // parameters {"customer": "ada", "quantity": 3}
 * RunState<String> state = fulfil.callForState(new Order("bob", 0));   // never throws a run's failure
 * }</pre>
 *
 * @param <P> the type of the parameters ({@link Void} for a flow without parameters)
 * @param <R> the type of the result
 */
public final class Flow<P, R> {
    private final FlowSpec<P, R> spec;

    private Flow(FlowSpec<P, R> spec) {
        this.spec = spec;
    }

    /**
     * Returns a flow named {@code name} that runs {@code fn} on its parameters.
     *
     * @throws IllegalArgumentException if the name is blank or holds one of {@code / % & > <}
     */
    public static <P, R> Flow<P, R> of(String name, ThrowingFunction<? super P, ? extends R> fn) {
        return new Flow<>(FlowSpec.of(name, fn, true));
    }

    /**
     * Returns a flow named {@code name}, without parameters, that runs {@code fn}.
     *
     * @throws IllegalArgumentException if the name is blank or holds one of {@code / % & > <}
     */
    public static <R> Flow<Void, R> of(String name, ThrowingSupplier<? extends R> fn) {
        Objects.requireNonNull(fn, () -> "function of flow '" + name + "'");
        return new Flow<>(FlowSpec.of(name, ignored -> fn.get(), false));
    }

    /**
     * Returns a flow named {@code name}, without parameters or result, that runs {@code fn}; its runs
     * complete with the result {@code null}.
     *
     * @throws IllegalArgumentException if the name is blank or holds one of {@code / % & > <}
     */
    public static Flow<Void, Void> of(String name, ThrowingRunnable fn) {
        Objects.requireNonNull(fn, () -> "function of flow '" + name + "'");
        return new Flow<>(FlowSpec.of(name, ignored -> {
            fn.run();
            return null;
        }, false));
    }

    /** Returns the flow's definition, for the deployments and runners of this package. */
    FlowSpec<P, R> spec() {
        return spec;
    }

    /** Returns the flow's name. */
    public String name() {
        return spec.name();
    }

    /**
     * Runs the flow with {@code parameters} and returns its result.
     *
     * @throws FlowRunException if the run did not complete (the message names the flow, the run and
     *     its final state; the cause is what the function threw)
     * @throws dev.jprefect.client.PrefectClientException if the API cannot be reached, or none is
     *     configured (the message says which setting or module is missing)
     */
    public R call(P parameters) {
        return FlowEngine.call(spec, parameters).result();
    }

    /** Runs a flow without parameters (as {@code call(null)}); see {@link #call(Object)}. */
    public R call() {
        return call(null);
    }

    /**
     * Runs the flow with {@code parameters} and returns its final state, whatever it is: the
     * result if it completed, else the failure, without throwing it.
     *
     * @throws dev.jprefect.client.PrefectClientException if the API cannot be reached
     */
    public RunState<R> callForState(P parameters) {
        return FlowEngine.call(spec, parameters);
    }

    /** Runs a flow without parameters and returns its final state; see {@link #callForState(Object)}. */
    public RunState<R> callForState() {
        return callForState(null);
    }

    /** Returns a copy with a description (shown with the flow; no effect on runs). */
    public Flow<P, R> withDescription(String description) {
        return new Flow<>(spec.withDescription(description));
    }

    /** Returns a copy whose runs record {@code version} as their flow version. */
    public Flow<P, R> withVersion(String version) {
        return new Flow<>(spec.withVersion(version));
    }

    /**
     * Returns a copy whose failed runs are retried {@code retries} times (default
     * {@code PREFECT_FLOWS_DEFAULT_RETRIES}, 0).
     *
     * @throws IllegalArgumentException if negative
     */
    public Flow<P, R> withRetries(int retries) {
        return new Flow<>(spec.withRetries(retries));
    }

    /**
     * Returns a copy that waits {@code delay} before each retry (default
     * {@code PREFECT_FLOWS_DEFAULT_RETRY_DELAY_SECONDS}, 0). The API keeps flow retry delays in whole
     * seconds, so a fraction of a second rounds up.
     *
     * @throws IllegalArgumentException if negative
     */
    public Flow<P, R> withRetryDelay(Duration delay) {
        return new Flow<>(spec.withRetryDelay(delay));
    }

    /**
     * Returns a copy whose runs fail as "TimedOut" if an attempt (the function and the task runs it
     * submitted) takes longer than {@code timeout}; the function's thread is then interrupted.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Flow<P, R> withTimeout(Duration timeout) {
        return new Flow<>(spec.withTimeout(timeout));
    }

    /** Returns a copy whose runs carry {@code tags}. */
    public Flow<P, R> withTags(String... tags) {
        return new Flow<>(spec.withTags(List.of(tags)));
    }

    /**
     * Returns a copy whose run logs do ({@code true}, the default) or do not go to the API; with
     * {@code PREFECT_LOGGING_TO_API_ENABLED=false} none do.
     */
    public Flow<P, R> withLogToApi(boolean logToApi) {
        return new Flow<>(spec.withLogToApi(logToApi));
    }

    /**
     * Returns a copy whose runs' task runner has {@code threads} threads (default
     * {@code PREFECT_TASKS_RUNNER_THREAD_POOL_MAX_WORKERS}, else 16).
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Flow<P, R> withTaskRunnerThreads(int threads) {
        return new Flow<>(spec.withTaskRunnerThreads(threads));
    }

    @Override
    public String toString() {
        return "Flow[" + spec.name() + (spec.version() == null ? "" : ", version " + spec.version()) + "]";
    }
}
