package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.orchestration.EmpiricalPolicy;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.schema.ValidationException;
import dev.jprefect.server.internal.storage.ConflictException;
import dev.jprefect.server.internal.storage.EventRow;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.TaskRunRow;
import dev.jprefect.server.internal.storage.Table;
import dev.jprefect.server.internal.storage.Transaction;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Prefect's task-run recorder ({@code server/services/task_run_recorder.py}): Prefect's clients
 * report task runs as {@code prefect.task-run.*} events (resource label
 * {@code prefect.orchestration: client}) instead of through the task-run routes, and the server
 * builds the task runs and their states from them. The task run is the event's resource
 * ({@code prefect.task-run.<id>}), its flow run the related resource in role {@code flow-run}, its
 * fields {@code payload.task_run}, its new state {@code payload.validated_state} with the event's
 * id and time.
 *
 * <p>A task run is found by its id or by its flow run, task key and dynamic key; it takes the
 * event's fields only if the event's state is later than the state it has, so an event that arrives
 * late does not roll the run back. Each event's state is stored once, in either case. An event the
 * recorder cannot read (or whose flow run does not exist) is still stored as an event, and logged.
 *
 * <p>Prefect records in batches, a moment after the events arrive; here each event is recorded in
 * the transaction that stores it, so the task run is there as soon as the event is.
 */
final class TaskRunRecorder {
    private static final System.Logger LOG = System.getLogger(TaskRunRecorder.class.getName());

    private static final String PREFIX = "prefect.task-run.";

    /** The part of Prefect's {@code TaskRun} the client sends; other keys are ignored. */
    private static final Schema TASK_RUN = Schema.object("TaskRun")
            .optional("name", Schema.string())
            .optional("task_key", Schema.string())
            .optional("dynamic_key", Schema.string())
            .optional("cache_key", Schema.string().nullable())
            .optional("cache_expiration", Schema.dateTime().nullable())
            .optional("task_version", Schema.string().nullable())
            .optional("empirical_policy", Bodies.TASK_RUN_POLICY)
            .optional("tags", Schema.list(Schema.string()))
            .optional("labels", Schema.anyObject().nullable())
            .optional("task_inputs", Schema.anyObject())
            .optional("run_count", Schema.integer())
            .optional("flow_run_run_count", Schema.integer())
            .optional("expected_start_time", Schema.dateTime().nullable())
            .optional("next_scheduled_start_time", Schema.dateTime().nullable())
            .optional("start_time", Schema.dateTime().nullable())
            .optional("end_time", Schema.dateTime().nullable())
            .optional("total_run_time", Schema.number());

    private TaskRunRecorder() {
    }

    /** Records the task run of {@code event} in {@code tx} if it is a client's task-run event. */
    static void record(Transaction tx, EventRow event) {
        if (!event.event.startsWith("prefect.task-run") || !"client".equals(event.resource.get("prefect.orchestration"))) {
            return;
        }
        Recordable r;
        try {
            r = read(event);
        } catch (ValidationException | IllegalArgumentException | ClassCastException e) {
            LOG.log(Level.WARNING, "task-run event " + event.id + " not recorded: " + e.getMessage());
            return;
        }
        if (r.flowRunId != null && tx.table(FlowRunRow.TABLE).get(r.flowRunId).isEmpty()) {
            LOG.log(Level.WARNING, "task-run event " + event.id + " not recorded: no flow run " + r.flowRunId);
            return;
        }
        Table<TaskRunRow> runs = tx.table(TaskRunRow.TABLE);
        Optional<TaskRunRow> existing = r.flowRunId == null ? Optional.empty()
                : runs.findUnique(TaskRunRow.BY_TASK_KEY, Arrays.asList(r.flowRunId, r.fields.string("task_key"),
                        r.fields.string("dynamic_key")));
        if (existing.isEmpty()) {
            existing = runs.getForUpdate(r.taskRunId);
        }
        TaskRunRow run = existing.orElseGet(() -> {
            TaskRunRow fresh = new TaskRunRow();
            fresh.id = r.taskRunId;
            fresh.created = event.received;
            return fresh;
        });
        r.state.runId = run.id;
        r.state.details.taskRunId = run.id;
        boolean later = run.state == null || run.state.timestamp.isBefore(r.state.timestamp);
        if (later) {
            apply(r, run);
            run.updated = event.received;
            run.state = r.state.copy();
            try {
                runs.put(run);
            } catch (ConflictException e) { // its task key is another run's: Prefect drops it as a duplicate
                LOG.log(Level.WARNING, "task-run event " + event.id + " not recorded: " + e.getMessage());
                return;
            }
        }
        Table<StateRow> states = tx.table(StateRow.TASK_RUN_STATES);
        if (states.get(r.state.id).isEmpty()) {
            states.put(r.state);
        }
    }

    /** A task-run event, read: ids, the new state and the task run's fields. */
    private record Recordable(UUID taskRunId, UUID flowRunId, StateRow state, Obj fields) {
    }

    private static Recordable read(EventRow event) {
        if (!event.resourceId.startsWith(PREFIX)) {
            throw new IllegalArgumentException("resource " + event.resourceId + " is not a task run");
        }
        UUID taskRunId = UUID.fromString(event.resourceId.substring(PREFIX.length()));
        UUID flowRunId = null;
        for (int i = event.related.size() - 1; i >= 0; i--) { // Prefect's resource_in_role: the first in the role
            Map<String, String> related = event.related.get(i);
            if ("flow-run".equals(related.get("prefect.resource.role"))) {
                String id = related.get("prefect.resource.id");
                if (!id.startsWith("prefect.flow-run.")) {
                    throw new IllegalArgumentException("flow-run resource " + id + " is not a flow run");
                }
                flowRunId = UUID.fromString(id.substring("prefect.flow-run.".length()));
            }
        }
        Obj validated = Obj.of(Bodies.STATE_CREATE.validate(event.payload.get("validated_state"),
                List.of("payload", "validated_state")));
        StateRow state = ProposedStates.fromCreate(validated, event.occurred);
        state.id = event.id;
        state.timestamp = event.occurred;
        state.created = event.received;
        state.updated = event.received;
        state.details.flowRunId = flowRunId;
        Obj fields = Obj.of(TASK_RUN.validate(event.payload.get("task_run"), List.of("payload", "task_run")));
        return new Recordable(taskRunId, flowRunId, state, fields);
    }

    /** The event's task-run fields onto {@code run}: those it sent, as Prefect's {@code exclude_unset}. */
    private static void apply(Recordable r, TaskRunRow run) {
        Obj f = r.fields;
        run.flowRunId = r.flowRunId;
        if (f.has("name")) {
            run.name = f.string("name");
        }
        if (f.has("task_key")) {
            run.taskKey = f.string("task_key");
        }
        if (f.has("dynamic_key")) {
            run.dynamicKey = f.string("dynamic_key");
        }
        if (f.has("cache_key")) {
            run.cacheKey = f.string("cache_key");
        }
        if (f.has("cache_expiration")) {
            run.cacheExpiration = f.instant("cache_expiration");
        }
        if (f.has("task_version")) {
            run.taskVersion = f.string("task_version");
        }
        if (f.has("empirical_policy")) {
            run.empiricalPolicy = EmpiricalPolicy.normalize(f.map("empirical_policy"));
        }
        if (f.has("tags")) {
            run.tags = f.list("tags");
        }
        if (f.has("labels")) {
            run.labels = f.map("labels");
        }
        if (f.has("task_inputs")) {
            run.taskInputs = f.map("task_inputs");
        }
        if (f.has("run_count")) {
            run.runCount = f.integer("run_count").intValue();
        }
        if (f.has("flow_run_run_count")) {
            run.flowRunRunCount = f.integer("flow_run_run_count").intValue();
        }
        if (f.has("expected_start_time")) {
            run.expectedStartTime = f.instant("expected_start_time");
        }
        if (f.has("next_scheduled_start_time")) {
            run.nextScheduledStartTime = f.instant("next_scheduled_start_time");
        }
        if (f.has("start_time")) {
            run.startTime = f.instant("start_time");
        }
        if (f.has("end_time")) {
            run.endTime = f.instant("end_time");
        }
        if (f.has("total_run_time")) {
            Number seconds = (Number) f.raw("total_run_time");
            run.totalRunTime = Duration.ofNanos(Math.round(seconds.doubleValue() * 1e9));
        }
    }
}
