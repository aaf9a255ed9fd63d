package dev.jprefect.client.schemas;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The body of {@code POST /task_runs/}, Prefect's {@code TaskRunCreate}. Null components are left
 * out of the JSON. Creating a run with the same flow run, task key and dynamic key as an existing
 * one returns the existing run.
 *
 * <pre>{@code
 * TaskRunCreate body = TaskRunCreate.of(flowRunId, "etl.extract", "0")
 *         .withName("extract-0")
 *         .withState(StateCreate.of(StateType.PENDING));
 * }</pre>
 *
 * @param id a client-chosen id, or null (the server chooses)
 * @param state the initial state, or null (the server makes it Pending)
 * @param name the run's name, or null
 * @param flowRunId the flow run it belongs to, or null
 * @param taskKey identifies the task within its flow, required
 * @param dynamicKey tells apart the runs of one task within one flow run, required
 * @param cacheKey a cache key, or null
 * @param cacheExpiration when the cached result expires, or null
 * @param taskVersion the task's version, or null
 * @param empiricalPolicy the retry policy; never null
 * @param tags its tags; never null
 * @param labels its labels, or null
 * @param taskInputs where each argument came from, by parameter name; never null
 */
public record TaskRunCreate(
        UUID id,
        StateCreate state,
        String name,
        UUID flowRunId,
        String taskKey,
        String dynamicKey,
        String cacheKey,
        OffsetDateTime cacheExpiration,
        String taskVersion,
        TaskRunPolicy empiricalPolicy,
        List<String> tags,
        Map<String, Object> labels,
        Map<String, List<TaskRunInput>> taskInputs) {

    /** Checks the keys and copies the collections. */
    public TaskRunCreate {
        Objects.requireNonNull(taskKey, "taskKey");
        Objects.requireNonNull(dynamicKey, "dynamicKey");
        empiricalPolicy = empiricalPolicy == null ? TaskRunPolicy.defaults() : empiricalPolicy;
        tags = Copies.list(tags);
        labels = Copies.mapOrNull(labels);
        taskInputs = Copies.map(taskInputs);
    }

    /** Returns a body for a run of the task {@code taskKey} in {@code flowRunId} (may be null). */
    public static TaskRunCreate of(UUID flowRunId, String taskKey, String dynamicKey) {
        return new TaskRunCreate(null, null, null, flowRunId, taskKey, dynamicKey, null, null, null, null, null,
                null, null);
    }

    /** Returns a copy with a client-chosen id. */
    public TaskRunCreate withId(UUID value) {
        return new TaskRunCreate(value, state, name, flowRunId, taskKey, dynamicKey, cacheKey, cacheExpiration,
                taskVersion, empiricalPolicy, tags, labels, taskInputs);
    }

    /** Returns a copy with another initial state. */
    public TaskRunCreate withState(StateCreate value) {
        return new TaskRunCreate(id, value, name, flowRunId, taskKey, dynamicKey, cacheKey, cacheExpiration,
                taskVersion, empiricalPolicy, tags, labels, taskInputs);
    }

    /** Returns a copy with another name. */
    public TaskRunCreate withName(String value) {
        return new TaskRunCreate(id, state, value, flowRunId, taskKey, dynamicKey, cacheKey, cacheExpiration,
                taskVersion, empiricalPolicy, tags, labels, taskInputs);
    }

    /** Returns a copy with another cache key and expiration. */
    public TaskRunCreate withCache(String key, OffsetDateTime expiration) {
        return new TaskRunCreate(id, state, name, flowRunId, taskKey, dynamicKey, key, expiration, taskVersion,
                empiricalPolicy, tags, labels, taskInputs);
    }

    /** Returns a copy with another task version. */
    public TaskRunCreate withTaskVersion(String value) {
        return new TaskRunCreate(id, state, name, flowRunId, taskKey, dynamicKey, cacheKey, cacheExpiration, value,
                empiricalPolicy, tags, labels, taskInputs);
    }

    /** Returns a copy with another retry policy. */
    public TaskRunCreate withEmpiricalPolicy(TaskRunPolicy value) {
        return new TaskRunCreate(id, state, name, flowRunId, taskKey, dynamicKey, cacheKey, cacheExpiration,
                taskVersion, value, tags, labels, taskInputs);
    }

    /** Returns a copy with other tags. */
    public TaskRunCreate withTags(List<String> value) {
        return new TaskRunCreate(id, state, name, flowRunId, taskKey, dynamicKey, cacheKey, cacheExpiration,
                taskVersion, empiricalPolicy, value, labels, taskInputs);
    }

    /** Returns a copy with other labels. */
    public TaskRunCreate withLabels(Map<String, Object> value) {
        return new TaskRunCreate(id, state, name, flowRunId, taskKey, dynamicKey, cacheKey, cacheExpiration,
                taskVersion, empiricalPolicy, tags, value, taskInputs);
    }

    /** Returns a copy with other task inputs. */
    public TaskRunCreate withTaskInputs(Map<String, List<TaskRunInput>> value) {
        return new TaskRunCreate(id, state, name, flowRunId, taskKey, dynamicKey, cacheKey, cacheExpiration,
                taskVersion, empiricalPolicy, tags, labels, value);
    }
}
