package dev.jprefect.server.internal.orchestration;

import dev.jprefect.server.internal.storage.DeploymentRow;
import dev.jprefect.server.internal.storage.EventRow;
import dev.jprefect.server.internal.storage.FlowRow;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.StateType;
import dev.jprefect.server.internal.storage.TaskRunRow;
import dev.jprefect.server.internal.storage.Transaction;
import dev.jprefect.server.internal.storage.WorkPoolRow;
import dev.jprefect.server.internal.storage.WorkQueueRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The event of an accepted flow-run state change, as Prefect's {@code InstrumentFlowRunStateTransitions}
 * and {@code models/events.py} make it: {@code prefect.flow-run.<state name>} about
 * {@code prefect.flow-run.<id>} (its name, run count and the new state's message, name, timestamp
 * and type as labels), related to the run's flow, deployment, parent task run and their tags, with
 * the intended transition and both states in the payload. The event's id is the new state's id,
 * and it {@code follows} the previous state's when they are less than five minutes apart.
 *
 * <p>Prefect's server emits no events of its own for task-run state changes: its clients send those.
 */
final class StateChangeEvents {
    /** Prefect's {@code TRUNCATE_STATE_MESSAGES_AT}: longer messages keep their two ends. */
    static final int TRUNCATE_STATE_MESSAGES_AT = 100_000;
    /** Prefect's {@code TIGHT_TIMING}: a state change this close to the previous one names it in {@code follows}. */
    static final Duration TIGHT_TIMING = Duration.ofMinutes(5);


    private StateChangeEvents() {
    }

    /** The event of {@code run} entering {@code validated} from {@code initial} (null for its first state). */
    static EventRow flowRunStateChanged(Transaction tx, FlowRunRow run, StateRow initial, StateRow validated) {
        EventRow e = new EventRow();
        e.id = validated.id;
        e.occurred = validated.timestamp;
        e.event = "prefect.flow-run." + validated.name;
        Map<String, String> resource = new LinkedHashMap<>();
        resource.put("prefect.resource.id", "prefect.flow-run." + run.id);
        resource.put("prefect.resource.name", run.name);
        resource.put("prefect.run-count", String.valueOf(run.runCount));
        resource.put("prefect.state-message", truncated(validated.message));
        resource.put("prefect.state-name", validated.name == null ? "" : validated.name);
        resource.put("prefect.state-timestamp", PythonTime.isoformat(validated.timestamp));
        resource.put("prefect.state-type", validated.type.name());
        e.resource = Collections.unmodifiableMap(resource);
        e.resourceId = resource.get("prefect.resource.id");
        e.related = related(tx, run);
        Map<String, Object> intended = new LinkedHashMap<>();
        intended.put("from", initial == null ? null : initial.type.name());
        intended.put("to", validated.type.name());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("intended", Collections.unmodifiableMap(intended));
        payload.put("initial_state", statePayload(initial));
        payload.put("validated_state", statePayload(validated));
        e.payload = Collections.unmodifiableMap(payload);
        if (initial != null && initial.timestamp != null) {
            Duration apart = Duration.between(initial.timestamp, e.occurred).abs();
            e.follows = apart.compareTo(TIGHT_TIMING) < 0 ? initial.id : null;
        }
        return e;
    }

    /**
     * Prefect's related resources of a flow run ({@code _flow_run_related_resources_from_orm}): its
     * flow, deployment, work queue, the queue's work pool (with its type) and parent task run, then
     * every tag of the run, flow, deployment and task run, sorted, then who made it when that was a
     * deployment or an automation.
     */
    private static List<Map<String, String>> related(Transaction tx, FlowRunRow run) {
        List<Map<String, String>> related = new ArrayList<>();
        TreeSet<String> tags = new TreeSet<>(run.tags == null ? List.of() : run.tags);
        FlowRow flow = tx.table(FlowRow.TABLE).get(run.flowId).orElse(null);
        if (flow != null) {
            related.add(resource("flow", flow.id.toString(), flow.name));
            addAll(tags, flow.tags);
        }
        DeploymentRow deployment = run.deploymentId == null ? null : tx.table(DeploymentRow.TABLE).get(run.deploymentId).orElse(null);
        if (deployment != null) {
            related.add(resource("deployment", deployment.id.toString(), deployment.name));
            addAll(tags, deployment.tags);
        }
        WorkQueueRow queue = run.workQueueId == null ? null : tx.table(WorkQueueRow.TABLE).get(run.workQueueId).orElse(null);
        if (queue != null) {
            related.add(resource("work-queue", queue.id.toString(), queue.name));
            WorkPoolRow pool = queue.workPoolId == null ? null : tx.table(WorkPoolRow.TABLE).get(queue.workPoolId).orElse(null);
            if (pool != null) {
                Map<String, String> r = new LinkedHashMap<>(resource("work-pool", pool.id.toString(), pool.name));
                r.put("prefect.work-pool.type", pool.type);
                related.add(Collections.unmodifiableMap(r));
            }
        }
        TaskRunRow parent = run.parentTaskRunId == null ? null : tx.table(TaskRunRow.TABLE).get(run.parentTaskRunId).orElse(null);
        if (parent != null) {
            related.add(resource("task-run", parent.id.toString(), parent.name));
            addAll(tags, parent.tags);
        }
        for (String tag : tags) {
            Map<String, String> r = new LinkedHashMap<>();
            r.put("prefect.resource.id", "prefect.tag." + tag);
            r.put("prefect.resource.role", "tag");
            related.add(Collections.unmodifiableMap(r));
        }
        Map<String, String> creator = creator(run.createdBy);
        if (creator != null) {
            related.add(creator);
        }
        return Collections.unmodifiableList(related);
    }

    private static void addAll(TreeSet<String> tags, List<String> more) {
        if (more != null) {
            tags.addAll(more);
        }
    }

    /** Prefect's {@code _provenance_as_related_resources}: a deployment or automation that made the run, role {@code creator}. */
    private static Map<String, String> creator(Map<String, Object> createdBy) {
        if (createdBy == null) {
            return null;
        }
        Object type = createdBy.get("type");
        String kind = "DEPLOYMENT".equals(type) ? "deployment" : "AUTOMATION".equals(type) ? "automation" : null;
        if (kind == null) {
            return null;
        }
        Map<String, String> r = new LinkedHashMap<>();
        r.put("prefect.resource.id", "prefect." + kind + "." + createdBy.get("id"));
        r.put("prefect.resource.role", "creator");
        Object name = createdBy.get("display_value");
        if (name instanceof String n && !n.isEmpty()) {
            r.put("prefect.resource.name", n);
        }
        return Collections.unmodifiableMap(r);
    }

    private static Map<String, String> resource(String kind, String id, String name) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("prefect.resource.id", "prefect." + kind + "." + id);
        r.put("prefect.resource.role", kind);
        r.put("prefect.resource.name", name);
        return Collections.unmodifiableMap(r);
    }

    /** Prefect's {@code state_payload}: the type, then the name and message when there are ones, and a pause's reschedule. */
    private static Map<String, Object> statePayload(StateRow state) {
        if (state == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", state.type.name());
        if (state.name != null && !state.name.isEmpty()) {
            out.put("name", state.name);
        }
        if (state.message != null && !state.message.isEmpty()) {
            out.put("message", truncated(state.message));
        }
        if (state.type == StateType.PAUSED) {
            out.put("pause_reschedule", String.valueOf(state.details.pauseReschedule));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Prefect's {@code truncated_to}: "" for none, else at most the limit, its middle replaced by a count. */
    static String truncated(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        if (text.length() <= TRUNCATE_STATE_MESSAGES_AT) {
            return text;
        }
        int half = TRUNCATE_STATE_MESSAGES_AT / 2;
        int omitted = text.length() - 2 * half;
        return text.substring(0, half) + "..." + omitted + " additional characters..." + text.substring(text.length() - half);
    }
}
