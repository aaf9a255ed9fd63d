package dev.jprefect.internal.engine;

import dev.jprefect.ThrowingFunction;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a {@link dev.jprefect.Task} is: its name, function and options. Immutable; making one does
 * no I/O. Null options mean "the setting's default, read when the task runs".
 *
 * @param name the task's name; also its {@code task_key}
 * @param fn the function; takes the input (null for a task without input)
 * @param takesInput false for a task made from a {@code Supplier}
 * @param description a description, or null
 * @param version a version, or null
 * @param retries retries after a failure, or null for {@code PREFECT_TASKS_DEFAULT_RETRIES}
 * @param retryDelay the delay before a retry, or null for {@code PREFECT_TASKS_DEFAULT_RETRY_DELAY_SECONDS}
 * @param timeout the longest a run may take, or null for no limit
 * @param tags tags of its runs
 * @param cacheKey computes the cache key from the input, or null for no caching
 * @param cacheExpiration how long a cached result stays valid, or null for ever
 * @param logToApi whether its run logger sends to the API, or null for {@code PREFECT_LOGGING_TO_API_ENABLED}
 * @param <I> the input's type
 * @param <O> the result's type
 */
public record TaskSpec<I, O>(
        String name,
        ThrowingFunction<? super I, ? extends O> fn,
        boolean takesInput,
        String description,
        String version,
        Integer retries,
        Duration retryDelay,
        Duration timeout,
        List<String> tags,
        Function<? super I, String> cacheKey,
        Duration cacheExpiration,
        Boolean logToApi) {

    /** Checks every option, naming the one at fault. */
    public TaskSpec {
        FlowSpec.checkName(name, "task");
        Objects.requireNonNull(fn, () -> "function of task '" + name + "'");
        Options.checkRetries(retries, "task", name);
        Options.checkDelay(retryDelay, "task", name);
        Options.checkTimeout(timeout, "task", name);
        tags = Options.tags(tags, "task", name);
        if (cacheExpiration != null && (cacheExpiration.isNegative() || cacheExpiration.isZero())) {
            throw new IllegalArgumentException("cache expiration of task '" + name + "' must be positive, not "
                    + cacheExpiration);
        }
    }

    /** Returns a task named {@code name} with every option at its default. */
    public static <I, O> TaskSpec<I, O> of(String name, ThrowingFunction<? super I, ? extends O> fn, boolean takesInput) {
        return new TaskSpec<>(name, fn, takesInput, null, null, null, null, null, List.of(), null, null, null);
    }

    /** Returns a copy with another description. */
    public TaskSpec<I, O> withDescription(String value) {
        return new TaskSpec<>(name, fn, takesInput, value, version, retries, retryDelay, timeout, tags, cacheKey,
                cacheExpiration, logToApi);
    }

    /** Returns a copy with another version. */
    public TaskSpec<I, O> withVersion(String value) {
        return new TaskSpec<>(name, fn, takesInput, description, value, retries, retryDelay, timeout, tags, cacheKey,
                cacheExpiration, logToApi);
    }

    /** Returns a copy with another number of retries. */
    public TaskSpec<I, O> withRetries(int value) {
        return new TaskSpec<>(name, fn, takesInput, description, version, value, retryDelay, timeout, tags, cacheKey,
                cacheExpiration, logToApi);
    }

    /** Returns a copy with another retry delay. */
    public TaskSpec<I, O> withRetryDelay(Duration value) {
        return new TaskSpec<>(name, fn, takesInput, description, version, retries,
                Objects.requireNonNull(value, "retry delay"), timeout, tags, cacheKey, cacheExpiration, logToApi);
    }

    /** Returns a copy with another timeout. */
    public TaskSpec<I, O> withTimeout(Duration value) {
        return new TaskSpec<>(name, fn, takesInput, description, version, retries, retryDelay,
                Objects.requireNonNull(value, "timeout"), tags, cacheKey, cacheExpiration, logToApi);
    }

    /** Returns a copy with other tags. */
    public TaskSpec<I, O> withTags(List<String> value) {
        return new TaskSpec<>(name, fn, takesInput, description, version, retries, retryDelay, timeout, value,
                cacheKey, cacheExpiration, logToApi);
    }

    /** Returns a copy that caches by {@code key} for {@code expiration} (null: no expiry). */
    public TaskSpec<I, O> withCacheKey(Function<? super I, String> key, Duration expiration) {
        return new TaskSpec<>(name, fn, takesInput, description, version, retries, retryDelay, timeout, tags,
                Objects.requireNonNull(key, "cache key function"), expiration, logToApi);
    }

    /** Returns a copy that does or does not send its logs to the API. */
    public TaskSpec<I, O> withLogToApi(boolean value) {
        return new TaskSpec<>(name, fn, takesInput, description, version, retries, retryDelay, timeout, tags,
                cacheKey, cacheExpiration, value);
    }
}
