package dev.jprefect.internal.engine;

import dev.jprefect.ThrowingFunction;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a {@link dev.jprefect.Flow} is: its name, function and options. Immutable; making one does
 * no I/O. Null options mean "the setting's default, read when the flow runs".
 *
 * @param name the flow's name (no {@code / % & > <}, as Prefect requires)
 * @param fn the function; takes the parameters (null for a flow without parameters)
 * @param takesParameters false for a flow made from a {@code Supplier}: its runs have no parameters
 * @param description a description, or null
 * @param version a version, or null
 * @param retries retries after a failure, or null for {@code PREFECT_FLOWS_DEFAULT_RETRIES}
 * @param retryDelay the delay before a retry, or null for {@code PREFECT_FLOWS_DEFAULT_RETRY_DELAY_SECONDS}
 * @param timeout the longest a run may take, or null for no limit
 * @param tags tags of its runs
 * @param logToApi whether its run logger sends to the API, or null for {@code PREFECT_LOGGING_TO_API_ENABLED}
 * @param taskRunnerThreads threads of its task runner, or null for
 *     {@code PREFECT_TASKS_RUNNER_THREAD_POOL_MAX_WORKERS} (else {@link TaskRunner#DEFAULT_THREADS})
 * @param <P> the parameters' type
 * @param <R> the result's type
 */
public record FlowSpec<P, R>(
        String name,
        ThrowingFunction<? super P, ? extends R> fn,
        boolean takesParameters,
        String description,
        String version,
        Integer retries,
        Duration retryDelay,
        Duration timeout,
        List<String> tags,
        Boolean logToApi,
        Integer taskRunnerThreads) {

    /** Characters Prefect does not allow in a flow's name. */
    static final String FORBIDDEN_NAME_CHARACTERS = "/%&><";

    /** Checks every option, naming the one at fault. */
    public FlowSpec {
        checkName(name, "flow");
        for (char c : FORBIDDEN_NAME_CHARACTERS.toCharArray()) {
            if (name.indexOf(c) >= 0) {
                throw new IllegalArgumentException("flow name '" + name + "' contains '" + c
                        + "'; Prefect does not allow any of " + FORBIDDEN_NAME_CHARACTERS + " in a flow's name");
            }
        }
        Objects.requireNonNull(fn, () -> "function of flow '" + name + "'");
        Options.checkRetries(retries, "flow", name);
        Options.checkDelay(retryDelay, "flow", name);
        Options.checkTimeout(timeout, "flow", name);
        tags = Options.tags(tags, "flow", name);
        if (taskRunnerThreads != null && taskRunnerThreads < 1) {
            throw new IllegalArgumentException("task runner threads of flow '" + name + "' must be at least 1, not "
                    + taskRunnerThreads);
        }
    }

    static void checkName(String name, String kind) {
        Objects.requireNonNull(name, () -> kind + " name");
        if (name.isBlank()) {
            throw new IllegalArgumentException(kind + " name must not be blank");
        }
    }

    /** Returns a flow named {@code name} with every option at its default. */
    public static <P, R> FlowSpec<P, R> of(String name, ThrowingFunction<? super P, ? extends R> fn, boolean takesParameters) {
        return new FlowSpec<>(name, fn, takesParameters, null, null, null, null, null, List.of(), null, null);
    }

    /** Returns a copy with another description. */
    public FlowSpec<P, R> withDescription(String value) {
        return new FlowSpec<>(name, fn, takesParameters, value, version, retries, retryDelay, timeout, tags, logToApi,
                taskRunnerThreads);
    }

    /** Returns a copy with another version. */
    public FlowSpec<P, R> withVersion(String value) {
        return new FlowSpec<>(name, fn, takesParameters, description, value, retries, retryDelay, timeout, tags,
                logToApi, taskRunnerThreads);
    }

    /** Returns a copy with another number of retries. */
    public FlowSpec<P, R> withRetries(int value) {
        return new FlowSpec<>(name, fn, takesParameters, description, version, value, retryDelay, timeout, tags,
                logToApi, taskRunnerThreads);
    }

    /** Returns a copy with another retry delay. */
    public FlowSpec<P, R> withRetryDelay(Duration value) {
        return new FlowSpec<>(name, fn, takesParameters, description, version, retries,
                Objects.requireNonNull(value, "retry delay"), timeout, tags, logToApi, taskRunnerThreads);
    }

    /** Returns a copy with another timeout. */
    public FlowSpec<P, R> withTimeout(Duration value) {
        return new FlowSpec<>(name, fn, takesParameters, description, version, retries, retryDelay,
                Objects.requireNonNull(value, "timeout"), tags, logToApi, taskRunnerThreads);
    }

    /** Returns a copy with other tags. */
    public FlowSpec<P, R> withTags(List<String> value) {
        return new FlowSpec<>(name, fn, takesParameters, description, version, retries, retryDelay, timeout, value,
                logToApi, taskRunnerThreads);
    }

    /** Returns a copy that does or does not send its logs to the API. */
    public FlowSpec<P, R> withLogToApi(boolean value) {
        return new FlowSpec<>(name, fn, takesParameters, description, version, retries, retryDelay, timeout, tags,
                value, taskRunnerThreads);
    }

    /** Returns a copy with another number of task runner threads. */
    public FlowSpec<P, R> withTaskRunnerThreads(int value) {
        return new FlowSpec<>(name, fn, takesParameters, description, version, retries, retryDelay, timeout, tags,
                logToApi, value);
    }
}
