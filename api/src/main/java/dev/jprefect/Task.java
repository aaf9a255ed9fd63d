package dev.jprefect;

import dev.jprefect.internal.engine.TaskEngine;
import dev.jprefect.internal.engine.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A Prefect task: a named function whose calls are orchestrated task runs. Define one with
 * {@link #of(String, ThrowingFunction)} (or {@link #of(String, ThrowingSupplier)} and
 * {@link #of(String, ThrowingRunnable)} for a task without input or result; all may throw checked
 * exceptions, which fail the run) and adjust it with the {@code withX} methods, which return modified copies; defining a task does no
 * I/O. A task is immutable and may be called from many threads at once. For several inputs, take a
 * record: its components name the run's inputs.
 *
 * <p>{@link #call} runs the task on the calling thread: inside a flow run it creates a task run of
 * that flow run (outside any flow, a task run of its own, as Prefect 3 does) and drives its states
 * as a flow's are driven: retries scheduled by the server with their delay honoured, a timeout
 * ending it as "TimedOut", a cache hit answered by the server returning the cached value without
 * running the function. {@link #submit} runs it on the flow run's task runner and returns a
 * {@link TaskFuture}; {@link #map} submits one run per element. A future given as the input is
 * waited for, and its run recorded as the new run's upstream input; so is a result of an earlier
 * task run of the same flow run passed on as it is (or inside a collection).
 *
 * <pre>{@code
 * Task<String, List<Row>> extract = Task.of("extract", source -> read(source))
 *         .withRetries(3)
 *         .withRetryDelay(Duration.ofSeconds(2))
 *         .withCacheKey(source -> "extract:" + source, Duration.ofHours(1));
 * Task<Row, Row> clean = Task.of("clean", Row::trimmed);
 *
 * Flow<String, Integer> etl = Flow.of("etl", source -> {
 *     List<TaskFuture<Row>> cleaned = clean.map(extract.call(source));
 *     return cleaned.stream().map(TaskFuture::join).toList().size();
 * });
 * }</pre>
 *
 * <p>Cached results are kept in this process only (not persisted to storage): a cache hit whose
 * value this process does not hold runs the function again.
 *
 * @param <I> the type of the input ({@link Void} for a task without input)
 * @param <O> the type of the result
 */
public final class Task<I, O> {
    private final TaskSpec<I, O> spec;

    private Task(TaskSpec<I, O> spec) {
        this.spec = spec;
    }

    /**
     * Returns a task named {@code name} that runs {@code fn} on its input.
     *
     * @throws IllegalArgumentException if the name is blank
     */
    public static <I, O> Task<I, O> of(String name, ThrowingFunction<? super I, ? extends O> fn) {
        return new Task<>(TaskSpec.of(name, fn, true));
    }

    /**
     * Returns a task named {@code name}, without input, that runs {@code fn}.
     *
     * @throws IllegalArgumentException if the name is blank
     */
    public static <O> Task<Void, O> of(String name, ThrowingSupplier<? extends O> fn) {
        Objects.requireNonNull(fn, () -> "function of task '" + name + "'");
        return new Task<>(TaskSpec.of(name, ignored -> fn.get(), false));
    }

    /**
     * Returns a task named {@code name}, without input or result, that runs {@code fn}; its runs
     * complete with the result {@code null}.
     *
     * @throws IllegalArgumentException if the name is blank
     */
    public static Task<Void, Void> of(String name, ThrowingRunnable fn) {
        Objects.requireNonNull(fn, () -> "function of task '" + name + "'");
        return new Task<>(TaskSpec.of(name, ignored -> {
            fn.run();
            return null;
        }, false));
    }

    /** Returns the task's name (also its {@code task_key}). */
    public String name() {
        return spec.name();
    }

    /**
     * Runs the task on this thread with {@code input} and returns its result.
     *
     * @throws TaskRunException if the run did not complete
     * @throws dev.jprefect.client.PrefectClientException if the API cannot be reached, or none is configured
     */
    public O call(I input) {
        return TaskEngine.call(spec, input, null).result();
    }

    /** Runs a task without input (as {@code call(null)}); see {@link #call(Object)}. */
    public O call() {
        return call((I) null);
    }

    /**
     * Waits for {@code upstream}, then runs the task on this thread with its result as the input,
     * recording the upstream run as the input's source. If the upstream run did not complete, this
     * run does not run: it stays Pending "NotReady" and this throws.
     *
     * @throws TaskRunException if this run did not complete or could not start
     */
    public O call(TaskFuture<? extends I> upstream) {
        return TaskEngine.call(spec, null, Objects.requireNonNull(upstream, "upstream")).result();
    }

    /** Runs the task on this thread with {@code input} and returns its final state, without throwing its failure. */
    public RunState<O> callForState(I input) {
        return TaskEngine.call(spec, input, null);
    }

    /**
     * Submits a run with {@code input} to the current flow run's task runner.
     *
     * @throws IllegalStateException outside a flow run (as in Prefect: call the task directly instead)
     */
    public TaskFuture<O> submit(I input) {
        return TaskEngine.submit(spec, input, null);
    }

    /** Submits a run of a task without input; see {@link #submit(Object)}. */
    public TaskFuture<O> submit() {
        return submit((I) null);
    }

    /**
     * Submits a run that waits for {@code upstream} and takes its result as the input, recording the
     * upstream run as its source.
     *
     * @throws IllegalStateException outside a flow run
     */
    public TaskFuture<O> submit(TaskFuture<? extends I> upstream) {
        return TaskEngine.submit(spec, null, Objects.requireNonNull(upstream, "upstream"));
    }

    /**
     * Submits one run per element of {@code inputs}, in order.
     *
     * @throws IllegalStateException outside a flow run
     */
    public List<TaskFuture<O>> map(Iterable<? extends I> inputs) {
        List<TaskFuture<O>> futures = new ArrayList<>();
        for (I input : inputs) {
            futures.add(submit(input));
        }
        return futures;
    }

    /** Returns a copy with a description (no effect on runs). */
    public Task<I, O> withDescription(String description) {
        return new Task<>(spec.withDescription(description));
    }

    /** Returns a copy whose runs record {@code version} as their task version. */
    public Task<I, O> withVersion(String version) {
        return new Task<>(spec.withVersion(version));
    }

    /**
     * Returns a copy whose failed runs are retried {@code retries} times (default
     * {@code PREFECT_TASKS_DEFAULT_RETRIES}, 0).
     *
     * @throws IllegalArgumentException if negative
     */
    public Task<I, O> withRetries(int retries) {
        return new Task<>(spec.withRetries(retries));
    }

    /**
     * Returns a copy that waits {@code delay} before each retry (default
     * {@code PREFECT_TASKS_DEFAULT_RETRY_DELAY_SECONDS}, 0).
     *
     * @throws IllegalArgumentException if negative
     */
    public Task<I, O> withRetryDelay(Duration delay) {
        return new Task<>(spec.withRetryDelay(delay));
    }

    /**
     * Returns a copy whose runs fail as "TimedOut" if the function takes longer than
     * {@code timeout}; the function's thread is then interrupted. A timed-out run is retried like a
     * failed one.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Task<I, O> withTimeout(Duration timeout) {
        return new Task<>(spec.withTimeout(timeout));
    }

    /** Returns a copy whose runs carry {@code tags}. */
    public Task<I, O> withTags(String... tags) {
        return new Task<>(spec.withTags(List.of(tags)));
    }

    /**
     * Returns a copy whose runs are cached by the key {@code key} computes from the input: a run
     * whose key has a completed, unexpired run returns that run's result without running the
     * function. Results stay valid for {@code expiration}, or for ever if it is null. A key function
     * that throws leaves that run uncached.
     *
     * @throws IllegalArgumentException if {@code expiration} is zero or negative
     */
    public Task<I, O> withCacheKey(Function<? super I, String> key, Duration expiration) {
        return new Task<>(spec.withCacheKey(key, expiration));
    }

    /**
     * Returns a copy whose run logs do ({@code true}, the default) or do not go to the API; with
     * {@code PREFECT_LOGGING_TO_API_ENABLED=false} none do.
     */
    public Task<I, O> withLogToApi(boolean logToApi) {
        return new Task<>(spec.withLogToApi(logToApi));
    }

    @Override
    public String toString() {
        return "Task[" + spec.name() + (spec.version() == null ? "" : ", version " + spec.version()) + "]";
    }
}
