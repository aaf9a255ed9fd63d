package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.orchestration.Outcome;
import dev.jprefect.server.internal.orchestration.SetStateStatus;
import dev.jprefect.server.internal.storage.CsrfTokenRow;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.RunRow;
import dev.jprefect.server.internal.storage.StateDetails;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.StateType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON objects of Prefect's response schemas that are no resource's field table: a state
 * ({@code State}, {@code StateDetails}), the run policies, {@code OrchestrationResult}, pages, the
 * UI's small run shapes; and the run times the views price. The schema's field names, in its
 * order, every field present. (A resource's own view is made by its {@link FieldTable}.)
 */
final class Views {
    private Views() {
    }

    /** A flow run as the UI's {@code SimpleFlowRun}: its state type, when it started (or is expected to), its run time and lateness. */
    static Map<String, Object> simpleFlowRun(FlowRunRow r, Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id);
        out.put("state_type", r.stateType());
        out.put("timestamp", r.startTime != null ? r.startTime : r.expectedStartTime);
        out.put("duration", seconds(estimatedRunTime(r, now)));
        out.put("lateness", seconds(estimatedStartTimeDelta(r, now)));
        return out;
    }

    /** A scheduled flow run as the UI's {@code SimpleNextFlowRun}: its names, state and next scheduled start. */
    static Map<String, Object> simpleNextFlowRun(FlowRunRow r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id);
        out.put("flow_id", r.flowId);
        out.put("name", r.name);
        out.put("state_name", r.state.name);
        out.put("state_type", r.stateType());
        out.put("next_scheduled_start_time", r.nextScheduledStartTime);
        return out;
    }

    /** The run time so far: the total, plus the current stretch if the run is running now. */
    static Duration estimatedRunTime(RunRow<?> r, Instant now) {
        if (r.state != null && r.state.type == StateType.RUNNING && now.isAfter(r.state.timestamp)) {
            return r.totalRunTime.plus(Duration.between(r.state.timestamp, now));
        }
        return r.totalRunTime;
    }

    /** How late the run started, or is, against its expected start time. */
    static Duration estimatedStartTimeDelta(RunRow<?> r, Instant now) {
        if (r.expectedStartTime == null) {
            return Duration.ZERO;
        }
        if (r.startTime != null) {
            return r.startTime.isAfter(r.expectedStartTime)
                    ? Duration.between(r.expectedStartTime, r.startTime) : Duration.ZERO;
        }
        boolean ended = r.state != null && r.state.type.isFinal();
        return !ended && r.expectedStartTime.isBefore(now) ? Duration.between(r.expectedStartTime, now) : Duration.ZERO;
    }

    static Map<String, Object> state(StateRow s) {
        if (s == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.id);
        out.put("type", s.type);
        out.put("name", s.name);
        out.put("timestamp", s.timestamp);
        out.put("message", s.message);
        out.put("data", s.data);
        out.put("state_details", stateDetails(s.details));
        return out;
    }

    static Map<String, Object> stateDetails(StateDetails d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("flow_run_id", d.flowRunId);
        out.put("task_run_id", d.taskRunId);
        out.put("child_flow_run_id", d.childFlowRunId);
        out.put("scheduled_time", d.scheduledTime);
        out.put("cache_key", d.cacheKey);
        out.put("cache_expiration", d.cacheExpiration);
        out.put("deferred", d.deferred);
        out.put("untrackable_result", d.untrackableResult);
        out.put("pause_timeout", d.pauseTimeout);
        out.put("pause_reschedule", d.pauseReschedule);
        out.put("pause_key", d.pauseKey);
        out.put("run_input_keyset", d.runInputKeyset);
        out.put("refresh_cache", d.refreshCache);
        out.put("retriable", d.retriable);
        out.put("transition_id", d.transitionId);
        out.put("task_parameters_id", d.taskParametersId);
        out.put("traceparent", d.traceparent);
        out.put("deployment_concurrency_lease_id", d.deploymentConcurrencyLeaseId);
        return out;
    }

    static Map<String, Object> flowRunPolicy(Map<String, Object> p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("max_retries", p.getOrDefault("max_retries", 0L));
        out.put("retry_delay_seconds", p.getOrDefault("retry_delay_seconds", 0d));
        out.put("retries", p.get("retries"));
        out.put("retry_delay", p.get("retry_delay"));
        out.put("pause_keys", p.get("pause_keys") == null ? List.of() : p.get("pause_keys"));
        out.put("resuming", p.getOrDefault("resuming", false));
        out.put("retry_type", p.get("retry_type"));
        return out;
    }

    static Map<String, Object> taskRunPolicy(Map<String, Object> p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("max_retries", p.getOrDefault("max_retries", 0L));
        out.put("retry_delay_seconds", p.getOrDefault("retry_delay_seconds", 0d));
        out.put("retries", p.get("retries"));
        out.put("retry_delay", p.get("retry_delay"));
        out.put("retry_jitter_factor", p.get("retry_jitter_factor"));
        return out;
    }

    static Map<String, Object> csrfToken(CsrfTokenRow t) {
        Map<String, Object> out = base(t.id, t.created, t.updated);
        out.put("token", t.token);
        out.put("client", t.client);
        out.put("expiration", t.expiration);
        return out;
    }

    /** An outcome as {@code OrchestrationResult}, with the details object its status calls for. */
    static Map<String, Object> orchestrationResult(Outcome o) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (o.status() == SetStateStatus.ACCEPT) {
            details.put("type", "accept_details");
        } else if (o.status() == SetStateStatus.WAIT) {
            details.put("type", "wait_details");
            details.put("delay_seconds", o.delaySeconds());
            details.put("reason", o.reason());
        } else {
            details.put("type", o.status() == SetStateStatus.REJECT ? "reject_details" : "abort_details");
            details.put("reason", o.reason());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", state(o.state()));
        out.put("status", o.status());
        out.put("details", details);
        return out;
    }

    /** A page of a paginate route: results, total count, limit, number of pages, this page. */
    static <R> Map<String, Object> page(List<R> results, Function<R, Object> view, int count, int limit, long page) {
        List<Object> items = new ArrayList<>(results.size());
        for (R r : results) {
            items.add(view.apply(r));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("results", items);
        out.put("count", count);
        out.put("limit", limit);
        out.put("pages", limit == 0 ? 0 : (count + limit - 1) / limit);
        out.put("page", page);
        return out;
    }

    static <R> List<Object> list(List<R> rows, Function<R, Object> view) {
        List<Object> out = new ArrayList<>(rows.size());
        for (R r : rows) {
            out.add(view.apply(r));
        }
        return out;
    }

    private static Map<String, Object> base(Object id, Instant created, Instant updated) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("created", created);
        out.put("updated", updated);
        return out;
    }

    /**
     * Returns {@code d} in seconds; any duration between two instants fits (not through
     * {@code toNanos()}, which overflows past 292 years: a run scheduled in year 9999).
     */
    static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }
}
