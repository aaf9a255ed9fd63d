package dev.jprefect.server.internal.services;

import dev.jprefect.server.internal.models.Deployments;
import dev.jprefect.server.internal.models.Models;
import dev.jprefect.server.internal.models.RefusedException;
import dev.jprefect.server.internal.models.Transitioned;
import dev.jprefect.server.internal.models.WorkPools;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.schema.ValidationException;
import dev.jprefect.server.internal.storage.ConflictException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a firing automation does, as Prefect's {@code act} and its actions service: the automation
 * emits {@code prefect.automation.triggered}, then each of its actions (then those "on trigger")
 * runs through the model operations the API's routes call, and emits
 * {@code prefect.automation.action.triggered} followed by {@code .executed} or {@code .failed}
 * with Prefect's reason. A selected action names its deployment, work pool, work queue or
 * automation; an inferred one takes the first resource of that kind in the triggering event; flow
 * run actions take the flow run of the firing's labels or of the event. Notifications and webhooks
 * need a block document, which this server does not keep: they fail as Prefect's do when the
 * document is not found.
 */
final class AutomationActions {
    private static final System.Logger LOG = System.getLogger(AutomationActions.class.getName());
    /** Prefect's {@code TIGHT_TIMING}: an action triggered this close to its event names it in {@code follows}. */
    static final Duration TIGHT_TIMING = Duration.ofMinutes(5);
    /** Prefect's {@code Suspended(timeout_seconds=3600)} of the suspend-flow-run action. */
    static final Duration SUSPEND_TIMEOUT = Duration.ofHours(1);

    /** Why an action could not be done: Prefect's {@code ActionFailed}. */
    private static final class ActionFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ActionFailed(String reason) {
            super(reason, null, false, false);
        }
    }

    /** One action being done: its index, tree, event, labels and what it adds to its events. */
    private static final class Run {
        final Map<String, Object> automation;
        final Map<String, Object> action;
        final int index;
        final UUID invocation = UUID.randomUUID();
        final Instant triggered;
        final Map<String, String> labels;
        final Map<String, Object> event;
        final UUID stateChangeEventId;
        final List<Map<String, String>> related = new ArrayList<>();
        final Map<String, Object> details = new LinkedHashMap<>();

        Run(Map<String, Object> automation, Map<String, Object> action, int index, Instant triggered,
                Map<String, String> labels, Map<String, Object> event, UUID stateChangeEventId) {
            this.automation = automation;
            this.action = action;
            this.index = index;
            this.triggered = triggered;
            this.labels = labels;
            this.event = event;
            this.stateChangeEventId = stateChangeEventId;
        }

        String type() {
            return (String) action.get("type");
        }

        void target(String resourceId) {
            related.add(Map.of("prefect.resource.id", resourceId, "prefect.resource.role", "target"));
        }
    }

    private final Models models;
    private final InstantSource clock;

    AutomationActions(Models models, InstantSource clock) {
        this.models = models;
        this.clock = clock;
    }

    /** Prefect's {@code act}: the triggered event, then every action of the automation and those on trigger. */
    @SuppressWarnings("unchecked")
    void act(Map<String, Object> automation, Triggers.Firing firing) {
        Map<String, Object> trigger = (Map<String, Object>) automation.get("trigger");
        Map<String, String> resource = new LinkedHashMap<>();
        resource.put("prefect.resource.id", "prefect.automation." + automation.get("id"));
        resource.put("prefect.resource.name", (String) automation.get("name"));
        if ("event".equals(firing.trigger().get("type"))) {
            resource.put("prefect.posture", (String) firing.trigger().get("posture"));
        }
        List<Map<String, String>> related = new ArrayList<>();
        if (firing.triggeringEvent() != null) {
            related.add(Map.of("prefect.resource.id", "prefect.event." + firing.triggeringEvent().get("id"),
                    "prefect.resource.role", "triggering-event"));
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("triggering_labels", firing.triggeringLabels());
        payload.put("triggering_event", firing.triggeringEvent());
        Map<String, Object> triggered = emit(firing.triggered(), "prefect.automation.triggered", resource, related, payload, null);
        UUID triggeredId = UUID.fromString(String.valueOf(triggered.get("id")));
        int index = 0;
        List<Run> runs = new ArrayList<>();
        for (Object a : (List<Object>) automation.get("actions")) {
            runs.add(new Run(automation, (Map<String, Object>) a, index++, firing.triggered(), firing.triggeringLabels(),
                    firing.triggeringEvent(), triggeredId));
        }
        for (Object a : (List<Object>) automation.get("actions_on_trigger")) {
            runs.add(new Run(automation, (Map<String, Object>) a, index++, firing.triggered(), firing.triggeringLabels(),
                    triggered, triggeredId));
        }
        String triggerType = (String) trigger.get("type");
        for (Run run : runs) {
            String failure = null;
            try {
                perform(run);
            } catch (ActionFailed e) {
                failure = e.getMessage();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "automation " + automation.get("id") + " action " + run.index + " failed", e);
                failure = "Unexpected error: " + e.getClass().getSimpleName();
            }
            report(run, triggerType, (String) trigger.get("posture"), failure);
        }
    }

    /** Emits Prefect's {@code action.triggered} and then {@code action.executed} or {@code action.failed}. */
    private void report(Run run, String triggerType, String posture, String failure) {
        Map<String, String> resource = new LinkedHashMap<>();
        resource.put("prefect.resource.id", "prefect.automation." + run.automation.get("id"));
        resource.put("prefect.resource.name", (String) run.automation.get("name"));
        resource.put("prefect.trigger-type", triggerType);
        if ("event".equals(triggerType)) {
            resource.put("prefect.posture", posture);
        }
        List<Map<String, String>> related = new ArrayList<>(run.related);
        related.add(Map.of("prefect.resource.id", "prefect.event." + run.stateChangeEventId,
                "prefect.resource.role", "automation-triggered-event"));
        UUID follows = null;
        if (run.event != null) {
            related.add(Map.of("prefect.resource.id", "prefect.event." + run.event.get("id"),
                    "prefect.resource.role", "triggering-event"));
            Instant occurred = Instant.parse(String.valueOf(run.event.get("occurred")));
            if (Duration.between(occurred, run.triggered).abs().compareTo(TIGHT_TIMING) < 0) {
                follows = UUID.fromString(String.valueOf(run.event.get("id")));
            }
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("action_index", run.index);
        payload.put("action_type", run.type());
        payload.put("invocation", run.invocation.toString());
        Map<String, Object> triggered = emit(run.triggered, "prefect.automation.action.triggered", resource, related,
                payload, follows);
        Map<String, Object> outcome = new LinkedHashMap<>(payload);
        if (failure != null) {
            outcome.put("reason", failure);
        }
        outcome.putAll(run.details);
        emit(clock.instant(), failure == null ? "prefect.automation.action.executed" : "prefect.automation.action.failed",
                resource, related, outcome, UUID.fromString(String.valueOf(triggered.get("id"))));
    }

    private Map<String, Object> emit(Instant occurred, String name, Map<String, String> resource,
            List<Map<String, String>> related, Map<String, Object> payload, UUID follows) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("occurred", occurred.toString());
        event.put("event", name);
        event.put("resource", resource);
        event.put("related", related);
        event.put("payload", dev.jprefect.server.internal.json.Json.parse(dev.jprefect.server.internal.json.Json.write(payload)));
        event.put("id", UUID.randomUUID().toString());
        event.put("follows", follows == null ? null : follows.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> valid = (Map<String, Object>) models.events.eventSchema().validate(event, List.of());
        models.events.write(List.of(valid));
        return event;
    }

    // ---- the actions ----------------------------------------------------------------------------

    private void perform(Run run) {
        switch (run.type()) {
            case "do-nothing" -> LOG.log(Level.INFO, "automation " + run.automation.get("id") + ": doing nothing");
            case "run-deployment" -> runDeployment(run);
            case "pause-deployment", "resume-deployment" -> {
                UUID id = selectedOrInferred(run, "deployment_id", "prefect.deployment", "deployment");
                run.target("prefect.deployment." + id);
                status(run, models.deployments.setPaused(id, run.type().startsWith("pause")) ? 200 : 404);
            }
            case "pause-work-queue", "resume-work-queue" -> {
                UUID id = selectedOrInferred(run, "work_queue_id", "prefect.work-queue", "work queue");
                run.target("prefect.work-queue." + id);
                Obj body = valid(WorkPools.QUEUE_UPDATE_BODY, Map.of("is_paused", run.type().startsWith("pause")));
                status(run, models.workPools.updateQueue(id, body) ? 204 : 404);
            }
            case "pause-work-pool", "resume-work-pool" -> workPool(run);
            case "pause-automation", "resume-automation" -> {
                UUID id = selectedOrInferred(run, "automation_id", "prefect.automation", "automation");
                run.target("prefect.automation." + id);
                status(run, models.automations.setEnabled(id, run.type().startsWith("resume")) ? 204 : 404);
            }
            case "cancel-flow-run" -> setFlowRunState(run, Map.of("type", "CANCELLING",
                    "message", "Cancelled by Automation " + run.automation.get("id")), false);
            case "change-flow-run-state" -> {
                Map<String, Object> state = new LinkedHashMap<>();
                state.put("type", run.action.get("state"));
                state.put("name", run.action.get("name"));
                Object message = run.action.get("message");
                state.put("message", message != null && !"".equals(message) ? message
                        : "State changed by Automation " + run.automation.get("id"));
                setFlowRunState(run, state, Boolean.TRUE.equals(run.action.get("force")));
            }
            case "suspend-flow-run" -> setFlowRunState(run, Map.of("type", "PAUSED", "name", "Suspended",
                    "message", "Suspended by Automation " + run.automation.get("id"),
                    "state_details", Map.of("pause_timeout", clock.instant().plus(SUSPEND_TIMEOUT).toString(),
                            "pause_reschedule", true)), false);
            case "resume-flow-run" -> resumeFlowRun(run);
            case "delete-flow-run" -> {
                UUID id = flowRun(run);
                run.target("prefect.flow-run." + id);
                status(run, models.flowRuns.delete(id) ? 204 : 404);
            }
            case "send-notification", "call-webhook" -> {
                // This server keeps no block documents: Prefect reads the block first and fails on its 404.
                run.details.put("status_code", 404);
                throw new ActionFailed("Unexpected status from '" + run.type() + "' action: 404");
            }
            default -> throw new ActionFailed("Unknown action type " + run.type());
        }
    }

    private void runDeployment(Run run) {
        UUID id = selectedOrInferred(run, "deployment_id", "prefect.deployment", "deployment");
        run.target("prefect.deployment." + id);
        double after = ((Number) run.action.getOrDefault("schedule_after", 0.0)).doubleValue();
        Instant at = clock.instant().plusNanos(Math.round(after * 1e9));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", Map.of("type", "SCHEDULED", "name", "Scheduled",
                "state_details", Map.of("scheduled_time", at.toString())));
        Object parameters = run.action.get("parameters");
        if (templated(parameters)) {
            run.details.put("status_code", 422);
            throw new ActionFailed("Unable to create flow run from deployment: its parameters hold templates"
                    + " (Jinja or __prefect_kind values), which this server does not render");
        }
        body.put("parameters", parameters == null ? Map.of() : parameters);
        body.put("idempotency_key", "automation " + run.automation.get("id") + ", action " + run.index + ", invocation "
                + run.invocation);
        body.put("job_variables", run.action.get("job_variables"));
        Optional<dev.jprefect.server.internal.models.Written> made;
        try {
            made = models.deployments.createFlowRun(id, valid(Deployments.flowRunCreate(models.names), body));
        } catch (RefusedException e) {
            run.details.put("status_code", e.status());
            run.details.put("validation_error", e.getMessage());
            throw new ActionFailed(e.status() == 409 || e.status() == 422
                    ? "Validation error occurred for 'run-deployment' - " + e.getMessage()
                    : "Unexpected status from 'run-deployment' action: " + e.status());
        } catch (ValidationException e) {
            run.details.put("status_code", 422);
            throw new ActionFailed("Validation error occurred for 'run-deployment'");
        }
        if (made.isEmpty()) {
            status(run, 404);
        }
        Map<String, Object> flowRun = made.get().view();
        run.related.add(Map.of("prefect.resource.id", "prefect.flow-run." + flowRun.get("id"),
                "prefect.resource.role", "flow-run", "prefect.resource.name", String.valueOf(flowRun.get("name"))));
        status(run, made.get().created() ? 201 : 200);
    }

    /**
     * Whether run-deployment parameters hold what Prefect hydrates before the run (a Jinja template,
     * a {@code __prefect_kind} value such as a workspace variable): this server does not render them,
     * so it refuses rather than pass the template text on as a value.
     */
    private static boolean templated(Object value) {
        if (value instanceof String text) {
            return text.contains("{{") || text.contains("{%");
        }
        if (value instanceof Map<?, ?> map) {
            return map.containsKey("__prefect_kind") || map.values().stream().anyMatch(AutomationActions::templated);
        }
        return value instanceof List<?> list && list.stream().anyMatch(AutomationActions::templated);
    }

    private void workPool(Run run) {
        UUID id = selectedOrInferred(run, "work_pool_id", "prefect.work-pool", "work pool");
        run.target("prefect.work-pool." + id);
        List<Object> pools = models.workPools.filterPools(valid(WorkPools.POOL_FILTER_BODY,
                Map.of("work_pools", Map.of("id", Map.of("any_", List.of(id.toString()))))), 1);
        if (pools.isEmpty()) {
            status(run, 404);
        }
        String name = String.valueOf(((Map<?, ?>) pools.get(0)).get("name"));
        Obj body = valid(WorkPools.POOL_UPDATE_BODY, Map.of("is_paused", run.type().startsWith("pause")));
        status(run, models.workPools.updatePool(name, body) ? 204 : 404);
    }

    private void setFlowRunState(Run run, Map<String, Object> state, boolean force) {
        UUID id = flowRun(run);
        run.target("prefect.flow-run." + id);
        Optional<Transitioned> result;
        try {
            result = models.flowRuns.setState(id, valid(Bodies.STATE_CREATE, state), force);
        } catch (ConflictException e) {
            run.details.put("status_code", 409);
            throw new ActionFailed("Conflict (409) occurred for '" + run.type() + "' - " + e.getMessage());
        }
        if (result.isEmpty()) {
            status(run, 404);
        }
        run.details.put("status_code", result.get().written() ? 201 : 200);
        Map<?, ?> view = result.get().view();
        if (!"ACCEPT".equals(view.get("status"))) {
            throw new ActionFailed("Failed to set state: " + ((Map<?, ?>) view.get("details")).get("reason"));
        }
    }

    /** Prefect's resume route: a Paused run goes on Running, a suspended one Scheduled ("Resuming") now. */
    private void resumeFlowRun(Run run) {
        UUID id = flowRun(run);
        run.target("prefect.flow-run." + id);
        Map<String, Object> flowRun = models.flowRuns.read(id)
                .orElseThrow(() -> new ActionFailed("Unexpected status from 'resume-flow-run' action: 404"));
        Map<?, ?> state = (Map<?, ?>) flowRun.get("state");
        if (state == null || !"PAUSED".equals(state.get("type"))) {
            throw new ActionFailed("Failed to resume flow run: Cannot resume a flow run that is not paused.");
        }
        Map<?, ?> details = (Map<?, ?>) state.get("state_details");
        Map<String, Object> next = Boolean.TRUE.equals(details.get("pause_reschedule"))
                ? Map.of("type", "SCHEDULED", "name", "Resuming", "state_details", Map.of("scheduled_time", clock.instant().toString()))
                : Map.of("type", "RUNNING");
        Optional<Transitioned> result = models.flowRuns.setState(id, valid(Bodies.STATE_CREATE, next), false);
        Map<?, ?> view = result.orElseThrow(() -> new ActionFailed("Unexpected status from 'resume-flow-run' action: 404")).view();
        if (!"ACCEPT".equals(view.get("status"))) {
            throw new ActionFailed("Failed to resume flow run: " + ((Map<?, ?>) view.get("details")).get("reason"));
        }
    }

    /** Records the command's status; a failing one is Prefect's "Unexpected status" failure. */
    private static void status(Run run, int status) {
        run.details.put("status_code", status);
        if (status >= 300) {
            throw new ActionFailed("Unexpected status from '" + run.type() + "' action: " + status);
        }
    }

    /** Prefect's {@code *_id_to_use}: the selected id, or the first resource of {@code kind} in the triggering event. */
    private static UUID selectedOrInferred(Run run, String idField, String kind, String noun) {
        if ("selected".equals(run.action.get("source"))) {
            return UUID.fromString(String.valueOf(run.action.get(idField)));
        }
        if (run.event == null) {
            throw new ActionFailed("No event to infer the " + noun);
        }
        UUID id = firstOfKind(run.event, kind);
        if (id == null) {
            throw new ActionFailed("No " + noun + " could be inferred");
        }
        return id;
    }

    /** Prefect's {@code FlowRunAction.flow_run}: from the firing's labels, else the triggering event. */
    private static UUID flowRun(Run run) {
        UUID id = idOfKind(run.labels.get("prefect.resource.id"), "prefect.flow-run");
        if (id == null && run.event != null) {
            id = firstOfKind(run.event, "prefect.flow-run");
        }
        if (id == null) {
            throw new ActionFailed("No flow run could be inferred");
        }
        return id;
    }

    @SuppressWarnings("unchecked")
    private static UUID firstOfKind(Map<String, Object> event, String kind) {
        List<Map<String, String>> involved = new ArrayList<>();
        involved.add((Map<String, String>) event.get("resource"));
        involved.addAll((List<Map<String, String>>) event.get("related"));
        for (Map<String, String> resource : involved) {
            String id = resource.get("prefect.resource.id");
            int dot = id == null ? -1 : id.lastIndexOf('.');
            if (dot > 0 && id.substring(0, dot).equals(kind)) {
                return idOfKind(id, kind); // the first of the kind, even if its id is no UUID (then none)
            }
        }
        return null;
    }

    private static UUID idOfKind(String resourceId, String kind) {
        if (resourceId == null || !resourceId.startsWith(kind + ".")) {
            return null;
        }
        String id = resourceId.substring(kind.length() + 1);
        if (id.contains(".")) {
            return null;
        }
        return dev.jprefect.server.internal.schema.Uuids.parseOrNull(id);
    }

    private static Obj valid(Schema schema, Map<String, Object> body) {
        return Obj.of(schema.validate(body, List.of("body")));
    }
}
