package dev.jprefect.client.schemas;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A task run as the server stores it, Prefect's {@code TaskRun}.
 *
 * @param id the run's id
 * @param created when it was created
 * @param updated when it was last updated
 * @param name its name
 * @param flowRunId the flow run it belongs to, or null for a task run outside any flow
 * @param taskKey identifies the task within its flow
 * @param dynamicKey tells apart the runs of one task within one flow run
 * @param cacheKey its cache key, or null
 * @param cacheExpiration when its cached result expires, or null
 * @param taskVersion the task's version, or null
 * @param empiricalPolicy the retry policy; never null
 * @param tags its tags; never null
 * @param labels its labels; never null
 * @param stateId its current state's id, or null
 * @param taskInputs where each argument came from, by parameter name; never null
 * @param stateType the current state's type, or null
 * @param stateName the current state's name, or null
 * @param runCount how many times it has entered Running
 * @param flowRunRunCount the flow run's run count when this run started
 * @param expectedStartTime when it is expected to start, or null
 * @param nextScheduledStartTime the next scheduled start, or null
 * @param startTime when it actually started, or null
 * @param endTime when it ended, or null
 * @param totalRunTime seconds spent Running
 * @param estimatedRunTime estimated seconds of run time
 * @param estimatedStartTimeDelta estimated seconds of lateness
 * @param state its current state, or null
 */
public record TaskRun(
        UUID id,
        OffsetDateTime created,
        OffsetDateTime updated,
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
        UUID stateId,
        Map<String, List<TaskRunInput>> taskInputs,
        StateType stateType,
        String stateName,
        int runCount,
        int flowRunRunCount,
        OffsetDateTime expectedStartTime,
        OffsetDateTime nextScheduledStartTime,
        OffsetDateTime startTime,
        OffsetDateTime endTime,
        double totalRunTime,
        double estimatedRunTime,
        double estimatedStartTimeDelta,
        State state) {

    /** Copies the collections; null collections and policy become empty/default. */
    public TaskRun {
        empiricalPolicy = empiricalPolicy == null ? TaskRunPolicy.defaults() : empiricalPolicy;
        tags = Copies.list(tags);
        labels = Copies.map(labels);
        taskInputs = Copies.map(taskInputs);
    }
}
