package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.schema.Schema;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The shapes of an automation's trigger and actions, as Prefect's {@code ServerTriggerTypes} and
 * {@code ServerActionTypes} (plain pydantic unions, so a bad one is reported against every member,
 * each labelled as pydantic labels it). Validated values are the JSON trees Prefect's models dump:
 * every default filled in, durations as seconds.
 */
final class AutomationSchemas {
    /** Prefect's {@code StateType} values. */
    static final String[] STATE_TYPES = {"SCHEDULED", "PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED", "CRASHED",
        "PAUSED", "CANCELLING"};

    /** Prefect's shortest {@code within} of a proactive trigger, in seconds; also its default. */
    static final double PROACTIVE_MINIMUM_WITHIN = 10.0;

    /** A resource's labels to match: each label one glob or a list of them. */
    private static final Schema LABELS = Schema.dict(Schema.union(Schema.string(), Schema.list(Schema.string())));

    /** {@code ResourceSpecification | dict}: a dict is coerced first, so its errors have no member label. */
    private static final Schema MATCH = Schema.choosing(v -> v instanceof Map, LABELS,
            Schema.union(Schema.named("ResourceSpecification", LABELS), LABELS));

    /** {@code match_related}: one specification, or a list of them (each dict coerced on its own). */
    private static final Schema MATCH_RELATED = Schema.choosing(v -> v instanceof Map || v instanceof List,
            Schema.choosing(v -> v instanceof Map, LABELS, Schema.list(MATCH)),
            Schema.union(Schema.named("ResourceSpecification", LABELS), LABELS,
                    Schema.list(Schema.union(Schema.named("ResourceSpecification", LABELS), LABELS))));

    /** A set of event names or labels (a list; duplicates are dropped when stored). */
    private static final Schema EVENTS = Schema.list(Schema.string());

    /** {@code EventTrigger}. */
    static final Schema EVENT_TRIGGER = Schema.checkedBefore(Schema.object("EventTrigger")
            .optional("type", Schema.constant("event"), "event")
            .optionalComputed("id", Schema.uuid(), UUID::randomUUID)
            .optional("match", MATCH, Map.of())
            .optional("match_related", MATCH_RELATED, Map.of())
            .optional("after", EVENTS, List.of())
            .optional("expect", EVENTS, List.of())
            .optional("for_each", EVENTS, List.of())
            .required("posture", Schema.oneOf("Reactive", "Proactive"))
            .optional("threshold", Schema.integer(), 1L)
            .optional("within", Schema.nonNegativeDuration(), 0.0), AutomationSchemas::proactiveWithin);

    /**
     * {@code ServerTriggerTypes}: event, compound or sequence. Prefect's server (its FastAPI schema of
     * the rebuilt model) labels the compound trigger with its validator twice, so it is wrapped twice
     * here (the inner check reports, the outer then has nothing to add).
     */
    static final Schema TRIGGER = Schema.union(EVENT_TRIGGER,
            Schema.after("validate_require", Schema.after("validate_require", Schema.object("CompoundTrigger")
                    .optional("type", Schema.constant("compound"), "compound")
                    .optionalComputed("id", Schema.uuid(), UUID::randomUUID)
                    .required("triggers", Schema.list(Schema.lazy(() -> AutomationSchemas.TRIGGER)))
                    .required("within", Schema.nonNegativeDuration().nullable())
                    .required("require", Schema.union(Schema.integer(), Schema.literal("any", "all"))),
                    AutomationSchemas::requireProblem), AutomationSchemas::requireProblem),
            Schema.object("SequenceTrigger")
                    .optional("type", Schema.constant("sequence"), "sequence")
                    .optionalComputed("id", Schema.uuid(), UUID::randomUUID)
                    .required("triggers", Schema.list(Schema.lazy(() -> AutomationSchemas.TRIGGER)))
                    .required("within", Schema.nonNegativeDuration().nullable()));

    /** {@code ServerActionTypes}, in Prefect's order. */
    static final Schema ACTION = Schema.union(
            plain("DoNothing", "do-nothing"),
            Schema.after("selected_deployment_requires_id", selectable("RunDeployment", "run-deployment", "deployment_id")
                    .optional("parameters", Schema.anyObject().nullable(), null)
                    .optional("job_variables", Schema.anyObject().nullable(), null)
                    .optional("schedule_after", Schema.nonNegativeDuration(), 0.0), v -> selectedNeedsId(v, "deployment_id")),
            selected("selected_deployment_requires_id", "PauseDeployment", "pause-deployment", "deployment_id"),
            selected("selected_deployment_requires_id", "ResumeDeployment", "resume-deployment", "deployment_id"),
            plain("CancelFlowRun", "cancel-flow-run"),
            plain("DeleteFlowRun", "delete-flow-run"),
            Schema.object("ChangeFlowRunState")
                    .optional("type", Schema.constant("change-flow-run-state"), "change-flow-run-state")
                    .optional("name", Schema.string().nullable(), null)
                    .required("state", Schema.oneOf(STATE_TYPES))
                    .optional("message", Schema.string().nullable(), null)
                    .optional("force", Schema.bool(), false),
            selected("selected_work_queue_requires_id", "PauseWorkQueue", "pause-work-queue", "work_queue_id"),
            selected("selected_work_queue_requires_id", "ResumeWorkQueue", "resume-work-queue", "work_queue_id"),
            Schema.object("SendNotification")
                    .optional("type", Schema.constant("send-notification"), "send-notification")
                    .required("block_document_id", Schema.uuid())
                    .optional("subject", Schema.string(), "Prefect automated notification")
                    .required("body", Schema.string()),
            Schema.object("CallWebhook")
                    .optional("type", Schema.constant("call-webhook"), "call-webhook")
                    .required("block_document_id", Schema.uuid())
                    .optional("payload", Schema.choosing(v -> v instanceof Map || v instanceof List,
                            Schema.any(), Schema.string()), ""),
            selected("selected_automation_requires_id", "PauseAutomation", "pause-automation", "automation_id"),
            selected("selected_automation_requires_id", "ResumeAutomation", "resume-automation", "automation_id"),
            plain("SuspendFlowRun", "suspend-flow-run"),
            plain("ResumeFlowRun", "resume-flow-run"),
            selected("selected_work_pool_requires_id", "PauseWorkPool", "pause-work-pool", "work_pool_id"),
            selected("selected_work_pool_requires_id", "ResumeWorkPool", "resume-work-pool", "work_pool_id"));

    private AutomationSchemas() {
    }

    private static Schema plain(String model, String type) {
        return Schema.object(model).optional("type", Schema.constant(type), type);
    }

    private static Schema.Model selectable(String model, String type, String idField) {
        return Schema.object(model)
                .optional("type", Schema.constant(type), type)
                .optional("source", Schema.literal("selected", "inferred"), "selected")
                .optional(idField, Schema.uuid().nullable(), null);
    }

    private static Schema selected(String validator, String model, String type, String idField) {
        return Schema.after(validator, selectable(model, type, idField), v -> selectedNeedsId(v, idField));
    }

    /** Prefect's {@code selected_*_requires_id}: a selected source needs the id, an inferred one may not have it. */
    private static String selectedNeedsId(Object value, String idField) {
        Map<?, ?> action = (Map<?, ?>) value;
        boolean selected = "selected".equals(action.get("source"));
        boolean hasId = action.get(idField) != null;
        return selected == hasId ? null : idField + " is " + (hasId ? "not allowed" : "required");
    }

    /** Prefect's {@code enforce_minimum_within_for_proactive_triggers}, on the trigger as sent. */
    private static String proactiveWithin(Map<?, ?> trigger) {
        if (trigger.containsKey("within") && trigger.get("within") == null) {
            return "`within` should be a valid timedelta";
        }
        Double within = trigger.containsKey("within") ? Schema.durationSeconds(trigger.get("within")) : null;
        if ("Proactive".equals(trigger.get("posture")) && within != null && within != 0 && within < PROACTIVE_MINIMUM_WITHIN) {
            return "`within` for Proactive triggers must be greater than or equal to 10 seconds";
        }
        return null;
    }

    /** Prefect's {@code CompoundTrigger.validate_require}. */
    private static String requireProblem(Object value) {
        Map<?, ?> trigger = (Map<?, ?>) value;
        if (!(trigger.get("require") instanceof Long)) {
            return null;
        }
        long require = (Long) trigger.get("require");
        if (require < 1) {
            return "require must be at least 1";
        }
        return require > ((List<?>) trigger.get("triggers")).size()
                ? "require must be less than or equal to the number of triggers" : null;
    }
}
