package dev.jprefect.server.internal.schema;

import static dev.jprefect.server.internal.schema.Schema.any;
import static dev.jprefect.server.internal.schema.Schema.anyObject;
import static dev.jprefect.server.internal.schema.Schema.bool;
import static dev.jprefect.server.internal.schema.Schema.constant;
import static dev.jprefect.server.internal.schema.Schema.dateTime;
import static dev.jprefect.server.internal.schema.Schema.dict;
import static dev.jprefect.server.internal.schema.Schema.integer;
import static dev.jprefect.server.internal.schema.Schema.list;
import static dev.jprefect.server.internal.schema.Schema.number;
import static dev.jprefect.server.internal.schema.Schema.object;
import static dev.jprefect.server.internal.schema.Schema.oneOf;
import static dev.jprefect.server.internal.schema.Schema.string;
import static dev.jprefect.server.internal.schema.Schema.union;
import static dev.jprefect.server.internal.schema.Schema.uuid;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The request bodies the server accepts, as the component schemas of Prefect's OpenAPI document
 * define them (same names, fields, defaults, formats and extra-key rules). Each route validates
 * its body against one of these before it touches storage.
 */
public final class Bodies {

    /** Prefect's state types, in the schema's order. */
    public static final List<String> STATE_TYPES = List.of(
            "SCHEDULED", "PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED", "CRASHED", "PAUSED", "CANCELLING");

    /** Flow names may not contain these characters (the schema's pattern). */
    public static final String NAME_PATTERN = "^[^/%&><]+$";

    /**
     * A page size: any whole number, however large; the route answers one beyond
     * {@code PREFECT_SERVER_API_DEFAULT_LIMIT} in Prefect's words ("Invalid limit: ...").
     */
    public static final Schema LIMIT = integer().saturating().nullable();

    /** A state type, as the schema's {@code StateType} enum. */
    public static final Schema STATE_TYPE = oneOf(STATE_TYPES.toArray(new String[0]));
    private static final Schema STRINGS = list(string());
    /** Prefect's {@code KeyValueLabels}: booleans, integers, numbers or strings by name. */
    public static final Schema LABELS = dict(union(bool(), integer(), number(), string()));

    /**
     * The body of {@code PATCH /flow_runs/{id}/labels}. Prefect's route takes any object
     * ({@code Dict[str, Any]}) and stores it, after which its reads of the run fail on the
     * response model ({@code KeyValueLabels}: booleans, integers, numbers, strings); jprefect
     * refuses a value of another type with a 422 at its location instead.
     */
    public static final Schema LABELS_UPDATE = LABELS;

    public static final Schema STATE_DETAILS = object("StateDetails")
            .optional("flow_run_id", uuid().nullable())
            .optional("task_run_id", uuid().nullable())
            .optional("child_flow_run_id", uuid().nullable())
            .optional("scheduled_time", dateTime().nullable())
            .optional("cache_key", string().nullable())
            .optional("cache_expiration", dateTime().nullable())
            .optional("deferred", bool().nullable(), false)
            .optional("untrackable_result", bool(), false)
            .optional("pause_timeout", dateTime().nullable())
            .optional("pause_reschedule", bool(), false)
            .optional("pause_key", string().nullable())
            .optional("run_input_keyset", dict(string()).nullable())
            .optional("refresh_cache", bool().nullable())
            .optional("retriable", bool().nullable())
            .optional("transition_id", uuid().nullable())
            .optional("task_parameters_id", uuid().nullable())
            .optional("traceparent", string().nullable())
            .optional("deployment_concurrency_lease_id", uuid().nullable());

    public static final Schema STATE_CREATE = object("StateCreate")
            .required("type", STATE_TYPE)
            .optional("name", string().nullable())
            .optional("message", string().nullable())
            .optional("data", any())
            .optionalComputed("state_details", STATE_DETAILS, defaults(STATE_DETAILS))
            .forbidExtra();

    public static final Schema FLOW_RUN_POLICY = object("FlowRunPolicy")
            .optional("max_retries", integer(), 0L)
            .optional("retry_delay_seconds", number(), 0d)
            .optional("retries", integer().nullable())
            .optional("retry_delay", integer().nullable())
            .optional("pause_keys", STRINGS.nullable())
            .optional("resuming", bool().nullable(), false)
            .optional("retry_type", oneOf("in_process", "reschedule").nullable());

    public static final Schema TASK_RUN_POLICY = object("TaskRunPolicy")
            .optional("max_retries", integer(), 0L)
            .optional("retry_delay_seconds", number(), 0d)
            .optional("retries", integer().nullable())
            .optional("retry_delay", union(integer(), number(), list(integer()), list(number())).nullable())
            .optional("retry_jitter_factor", number().nullable());

    /** One of a task run's inputs: a task run's or flow run's result, a parameter, a constant. */
    private static final Schema TASK_INPUT = union(
            object("TaskRunResult").optional("input_type", constant("task_run"), "task_run").required("id", uuid()),
            object("FlowRunResult").optional("input_type", constant("flow_run"), "flow_run").required("id", uuid()),
            object("Parameter").optional("input_type", constant("parameter"), "parameter").required("name", string()),
            object("Constant").optional("input_type", constant("constant"), "constant").required("type", string()));

    /** A task run's {@code task_inputs}: its inputs by parameter name. */
    public static final Schema TASK_INPUTS = dict(list(TASK_INPUT));

    // ---- filters (the resources' own are made by their field tables, in the models) --------

    /**
     * A filter a body holds unchecked, any object or null, and that its model validates where the
     * query is made (the {@code deployments} filter of other resources' list bodies: a model there
     * would make the models' class initialization circular).
     */
    public static final Schema UNCHECKED_FILTER = anyObject().nullable();

    // ---- bodies with several parameters (unknown top-level keys are ignored) --------------

    /** {@code POST /ui/flow_runs/count-task-runs}: at most 200 flow run ids. */
    public static final Schema UI_COUNT_TASK_RUNS_BODY = object("Body_count_task_runs_by_flow_run_ui_flow_runs_count_task_runs_post")
            .required("flow_run_ids", list(uuid(), 200));
    /** {@code POST /ui/flows/count-deployments}: at most 200 flow ids. */
    public static final Schema UI_COUNT_DEPLOYMENTS_BODY = object("Body_count_deployments_by_flow_ui_flows_count_deployments_post")
            .required("flow_ids", list(uuid(), 200));
    /** {@code POST /ui/flows/next-runs}: at most 200 flow ids. */
    public static final Schema UI_NEXT_RUNS_BODY = object("Body_next_runs_by_flow_ui_flows_next_runs_post")
            .required("flow_ids", list(uuid(), 200));

    /** The most rows one bulk delete may remove (the schema's maximum and default). */
    public static final long MAX_BULK_DELETE = 50;

    /** The {@code limit} of a bulk delete body (its default is {@link #MAX_BULK_DELETE}). */
    public static final Schema BULK_DELETE_LIMIT = integer().atLeast(1).atMost(MAX_BULK_DELETE);

    public static final Schema SET_STATE_BODY = object("Body_set_state")
            .required("state", STATE_CREATE)
            .optional("force", bool(), false);

    private Bodies() {
    }

    /** Returns a supplier of the validated defaults of {@code model} (an empty object checked). */
    public static Supplier<Object> defaults(Schema model) {
        Object value = model.validate(Map.of(), List.of());
        return () -> value;
    }
}
