package dev.jprefect.server.internal.models;

import static dev.jprefect.server.internal.models.FieldTable.Op.ALL;
import static dev.jprefect.server.internal.models.FieldTable.Op.ANY;
import static dev.jprefect.server.internal.models.FieldTable.Op.ANY_OF;
import static dev.jprefect.server.internal.models.FieldTable.Op.BEFORE;
import static dev.jprefect.server.internal.models.FieldTable.Op.IS_EMPTY;

import dev.jprefect.server.internal.json.Json;
import dev.jprefect.server.internal.models.FieldTable.Filter;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Problem;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.schema.ValidationException;
import dev.jprefect.server.internal.storage.AutomationResourceRow;
import dev.jprefect.server.internal.storage.AutomationRow;
import dev.jprefect.server.internal.storage.Column;
import dev.jprefect.server.internal.storage.EventRow;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.Query;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.Transaction;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Automations, as Prefect's {@code server/events/models/automations}: create (every trigger id made
 * anew), replace, enable or disable, delete, read, filter, count; the resources an automation is
 * related to (the deployments its run-deployment actions select, and the resource that owns it) and
 * the automations a resource owns. Every change emits Prefect's {@code prefect.automation.created},
 * {@code .updated} or {@code .deleted} event and, once committed, tells the listeners (the triggers
 * service) that the automation changed.
 */
public final class Automations {
    private static final String CREATE = "AutomationCreate";
    private static final String UPDATE = "AutomationUpdate";
    private static final String AUTOMATION = "Automation";
    private static final String FILTER = "AutomationFilter";

    /** Prefect's 404 text for an automation that is not there. */
    public static final String NOT_FOUND = "Automation not found";

    /** Events whose flow runs every deployment run goes through: a trigger on them may loop. */
    private static final Set<String> LOOPING_EVENTS = Set.of("prefect.flow-run.Scheduled", "prefect.flow-run.Pending",
            "prefect.flow-run.Running", "prefect.flow-run.*");

    static final FieldTable<AutomationRow> FIELDS = new FieldTable<AutomationRow>(AUTOMATION)
            .field("id", Schema.uuid(), Column.id(), (a, x) -> { }, Filter.by(Schema.uuid(), ANY), FILTER)
            .field("created", Schema.dateTime(), Column.created(), (a, x) -> { }, Filter.by(Schema.dateTime(), BEFORE), FILTER)
            .field("name", Schema.string(), AutomationRow.NAME, (a, x) -> a.name = (String) x,
                    Filter.by(Schema.string(), ANY), CREATE, UPDATE, AUTOMATION, FILTER).required(CREATE, UPDATE)
            .field("description", Schema.string(), Column.of("description", a -> a.description),
                    (a, x) -> a.description = (String) x, Filter.NONE, CREATE, UPDATE, AUTOMATION)
            .defaulted(CREATE, "").notNull(UPDATE)
            .field("enabled", Schema.bool(), Column.of("enabled", a -> a.enabled), (a, x) -> a.enabled = (Boolean) x,
                    Filter.NONE, CREATE, UPDATE, AUTOMATION).defaulted(CREATE, true).notNull(UPDATE)
            .field("tags", Schema.list(Schema.string()), AutomationRow.TAGS, (a, x) -> a.tags = FieldTable.strings(x),
                    Filter.operated(Schema.string(), ALL, ANY_OF, IS_EMPTY), CREATE, UPDATE, AUTOMATION, FILTER)
            .defaulted(CREATE, List.of()).notNull(UPDATE)
            .field("trigger", AutomationSchemas.TRIGGER, Column.of("trigger", a -> a.trigger),
                    (a, x) -> a.trigger = FieldTable.map(stored(x)), Filter.NONE, CREATE, UPDATE, AUTOMATION)
            .required(CREATE, UPDATE)
            .field("actions", Schema.list(AutomationSchemas.ACTION), Column.of("actions", a -> a.actions),
                    (a, x) -> a.actions = list(stored(x)), Filter.NONE, CREATE, UPDATE, AUTOMATION).required(CREATE, UPDATE)
            .field("actions_on_trigger", Schema.list(AutomationSchemas.ACTION), Column.of("actions_on_trigger", a -> a.actionsOnTrigger),
                    (a, x) -> a.actionsOnTrigger = list(stored(x)), Filter.NONE, CREATE, UPDATE, AUTOMATION)
            .defaulted(CREATE, List.of()).notNull(UPDATE)
            .field("actions_on_resolve", Schema.list(AutomationSchemas.ACTION), Column.of("actions_on_resolve", a -> a.actionsOnResolve),
                    (a, x) -> a.actionsOnResolve = list(stored(x)), Filter.NONE, CREATE, UPDATE, AUTOMATION)
            .defaulted(CREATE, List.of()).notNull(UPDATE)
            .field("owner_resource", Schema.string(), null, (a, x) -> { }, Filter.NONE, CREATE)
            .sort("CREATED_DESC", Order.desc(Column.created()))
            .sort("UPDATED_DESC", Order.desc(Column.updated()))
            .sort("NAME_ASC", Order.asc(AutomationRow.NAME))
            .sort("NAME_DESC", Order.desc(AutomationRow.NAME));

    /** {@code AutomationCreate}, with {@code AutomationCore}'s check against run-deployment loops. */
    public static final Schema CREATE_BODY = Schema.checked(FIELDS.model(CREATE), Automations::loopProblem);
    /** {@code AutomationUpdate}. */
    public static final Schema UPDATE_BODY = Schema.checked(FIELDS.model(UPDATE), Automations::loopProblem);
    /** {@code AutomationPartialUpdate}. */
    public static final Schema PARTIAL_UPDATE_BODY = Schema.object("AutomationPartialUpdate")
            .optional("enabled", Schema.bool(), true).forbidExtra();
    /** The body of {@code /automations/filter}. */
    public static final Schema FILTER_BODY = Schema.object("Body_read_automations")
            .optional("sort", FIELDS.sortSchema(), "NAME_ASC")
            .optional("limit", dev.jprefect.server.internal.schema.Bodies.LIMIT)
            .optional("offset", Schema.integer().atLeast(0), 0L)
            .optional("automations", FIELDS.filterModel(FILTER));
    /** The body of {@code /automations/count}. */
    public static final Schema COUNT_BODY = Schema.object("Body_count_automations")
            .optional("automations", FIELDS.filterModel(FILTER));

    /** Told, after each committed change, which automation changed. */
    @FunctionalInterface
    public interface Listener {
        /** Automation {@code id} was created, changed or deleted. */
        void changed(UUID id);
    }

    private final Storage storage;
    private final InstantSource clock;
    private final Events events;
    private final Listing<AutomationRow> listing;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    Automations(Storage storage, InstantSource clock, Events events) {
        this.storage = storage;
        this.clock = clock;
        this.events = events;
        this.listing = new Listing<>(storage, clock, AutomationRow.TABLE,
                body -> FIELDS.condition(FILTER, body.obj("automations")), FIELDS::orders);
    }

    /** Adds a listener of committed changes (the triggers service, which keeps the automations in memory). */
    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /** Creates a validated {@code AutomationCreate}; related to its owner, if it names one. */
    public Map<String, Object> create(Obj body) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            AutomationRow a = new AutomationRow();
            a.id = UUID.randomUUID();
            a.created = now;
            a.updated = now;
            FIELDS.apply(CREATE, body, a);
            tx.table(AutomationRow.TABLE).put(a);
            relateSelectedDeployments(tx, a);
            String owner = body.string("owner_resource");
            if (owner != null) {
                relate(tx, a.id, owner, true);
            }
            changed(tx, a, "created");
            return FIELDS.view(AUTOMATION, a);
        });
    }

    /** Returns the automation's view, if there is one. */
    public Optional<Map<String, Object>> read(UUID id) {
        return storage.read(tx -> tx.table(AutomationRow.TABLE).get(id).map(a -> FIELDS.view(AUTOMATION, a)));
    }

    /**
     * Replaces an automation with a validated {@code AutomationUpdate}; false if there is none. As
     * Prefect's ({@code exclude_unset}), a field the body leaves out keeps its value: a PUT without
     * {@code enabled} does not enable a disabled automation.
     */
    public boolean update(UUID id, Obj body) {
        return storage.write(tx -> {
            Optional<AutomationRow> found = tx.table(AutomationRow.TABLE).getForUpdate(id);
            found.ifPresent(a -> {
                FIELDS.apply(UPDATE, body, a);
                a.updated = clock.instant();
                tx.table(AutomationRow.TABLE).put(a);
                relateSelectedDeployments(tx, a);
                changed(tx, a, "updated");
            });
            return found.isPresent();
        });
    }

    /**
     * Enables or disables an automation (a validated {@code AutomationPartialUpdate}); false if there
     * is none. The automation as it would then be must still pass {@code AutomationCore}'s checks.
     */
    public boolean setEnabled(UUID id, boolean enabled) {
        return storage.write(tx -> {
            Optional<AutomationRow> found = tx.table(AutomationRow.TABLE).getForUpdate(id);
            found.ifPresent(a -> {
                Map<String, Object> then = new LinkedHashMap<>(FIELDS.view(AUTOMATION, a));
                then.put("enabled", enabled);
                String problem = loopProblem(then);
                if (problem != null) {
                    throw new ValidationException(List.of(new Problem(List.of(), "Value error, " + problem, "value_error",
                            Json.parse(Json.write(then)), Map.of("error", Map.of()))));
                }
                a.enabled = enabled;
                a.updated = clock.instant();
                tx.table(AutomationRow.TABLE).put(a);
                changed(tx, a, "updated");
            });
            return found.isPresent();
        });
    }

    /** Deletes an automation and its related resources; false if there is none. */
    public boolean delete(UUID id) {
        return storage.write(tx -> {
            Optional<AutomationRow> found = tx.table(AutomationRow.TABLE).get(id);
            found.ifPresent(a -> remove(tx, a));
            return found.isPresent();
        });
    }

    public long count(Obj body) {
        return listing.count(body);
    }

    public List<Object> filter(Obj body, int limit) {
        return listing.filter(body, limit, (a, now) -> FIELDS.view(AUTOMATION, a));
    }

    /** Returns the automations related to the resource {@code resourceId} (owned by it or not), oldest first. */
    public List<Object> relatedTo(String resourceId) {
        return storage.read(tx -> {
            List<Object> out = new ArrayList<>();
            for (AutomationRow a : related(tx, resourceId, false)) {
                out.add(FIELDS.view(AUTOMATION, a));
            }
            return out;
        });
    }

    /** Deletes the automations the resource {@code resourceId} owns that were created by now. */
    public void deleteOwnedBy(String resourceId) {
        Instant now = clock.instant();
        storage.write(tx -> {
            for (AutomationRow a : related(tx, resourceId, true)) {
                if (!a.created.isAfter(now)) {
                    remove(tx, a);
                }
            }
            return null;
        });
    }

    /** Returns the view of every enabled automation, for the triggers service. */
    public List<Map<String, Object>> enabled() {
        return storage.read(tx -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (AutomationRow a : tx.table(AutomationRow.TABLE).find(Query.all())) {
                if (a.enabled) {
                    out.add(FIELDS.view(AUTOMATION, a));
                }
            }
            return out;
        });
    }

    private static List<AutomationRow> related(Transaction tx, String resourceId, boolean ownedOnly) {
        List<AutomationRow> out = new ArrayList<>();
        for (AutomationResourceRow r : tx.table(AutomationResourceRow.TABLE).findAll(AutomationResourceRow.BY_RESOURCE, resourceId)) {
            if (!ownedOnly || r.ownedByResource) {
                tx.table(AutomationRow.TABLE).get(r.automationId).ifPresent(out::add);
            }
        }
        out.sort((x, y) -> x.created.compareTo(y.created));
        return out;
    }

    private void remove(Transaction tx, AutomationRow a) {
        for (AutomationResourceRow r : tx.table(AutomationResourceRow.TABLE).findAll(AutomationResourceRow.BY_AUTOMATION, a.id)) {
            tx.table(AutomationResourceRow.TABLE).remove(r.id);
        }
        tx.table(AutomationRow.TABLE).remove(a.id);
        changed(tx, a, "deleted");
    }

    /** Prefect's {@code _sync_automation_related_resources}: the deployments selected by run-deployment actions. */
    private void relateSelectedDeployments(Transaction tx, AutomationRow a) {
        for (AutomationResourceRow r : tx.table(AutomationResourceRow.TABLE).findAll(AutomationResourceRow.BY_AUTOMATION, a.id)) {
            if (!r.ownedByResource && r.resourceId.startsWith("prefect.deployment.")) {
                tx.table(AutomationResourceRow.TABLE).remove(r.id);
            }
        }
        for (Object action : a.actions) {
            Map<?, ?> act = (Map<?, ?>) action;
            if ("run-deployment".equals(act.get("type")) && "selected".equals(act.get("source"))) {
                relate(tx, a.id, "prefect.deployment." + act.get("deployment_id"), false);
            }
        }
    }

    /** Relates an automation to a resource once; owned if either relation says so. */
    private void relate(Transaction tx, UUID automationId, String resourceId, boolean owned) {
        for (AutomationResourceRow r : tx.table(AutomationResourceRow.TABLE).findAll(AutomationResourceRow.BY_AUTOMATION, automationId)) {
            if (r.resourceId.equals(resourceId)) {
                r.ownedByResource |= owned;
                r.updated = clock.instant();
                tx.table(AutomationResourceRow.TABLE).put(r);
                return;
            }
        }
        AutomationResourceRow r = new AutomationResourceRow();
        r.id = UUID.randomUUID();
        r.created = clock.instant();
        r.updated = r.created;
        r.automationId = automationId;
        r.resourceId = resourceId;
        r.ownedByResource = owned;
        tx.table(AutomationResourceRow.TABLE).put(r);
    }

    /** Emits Prefect's lifecycle event of the automation and tells the listeners once committed. */
    private void changed(Transaction tx, AutomationRow a, String action) {
        EventRow e = new EventRow();
        e.id = UUID.randomUUID();
        e.occurred = clock.instant();
        e.event = "prefect.automation." + action;
        Map<String, String> resource = new LinkedHashMap<>();
        resource.put("prefect.resource.id", "prefect.automation." + a.id);
        resource.put("prefect.resource.name", a.name);
        e.resource = Collections.unmodifiableMap(resource);
        e.resourceId = resource.get("prefect.resource.id");
        e.related = List.of();
        Map<String, Object> payload = new LinkedHashMap<>(FIELDS.view(AUTOMATION, a));
        payload.remove("id");
        payload.remove("created");
        payload.remove("updated");
        e.payload = FieldTable.map(Json.parse(Json.write(payload)));
        events.emit(tx, e);
        UUID id = a.id;
        tx.afterCommit(() -> listeners.forEach(l -> l.changed(id)));
    }

    /**
     * Returns a validated trigger or action list as the plain JSON tree Prefect dumps: every trigger
     * id new ({@code reset_ids}), sets without duplicates, a proactive trigger's zero {@code within}
     * made Prefect's minimum, a webhook's object payload as its JSON text.
     */
    private static Object stored(Object validated) {
        return Json.parse(Json.write(normalized(validated)));
    }

    @SuppressWarnings("unchecked")
    private static Object normalized(Object value) {
        if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object item : (List<Object>) value) {
                out.add(normalized(item));
            }
            return out;
        }
        if (!(value instanceof Map)) {
            return value;
        }
        Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) value);
        Object type = out.get("type");
        if ("event".equals(type) || "compound".equals(type) || "sequence".equals(type)) {
            out.put("id", UUID.randomUUID());
            if (out.get("triggers") instanceof List) {
                out.put("triggers", normalized(out.get("triggers")));
            }
            for (String set : List.of("after", "expect", "for_each")) {
                if (out.get(set) instanceof List) {
                    out.put(set, new ArrayList<>(new LinkedHashSet<>((List<Object>) out.get(set))));
                }
            }
            if ("Proactive".equals(out.get("posture")) && ((Number) out.get("within")).doubleValue() == 0) {
                out.put("within", AutomationSchemas.PROACTIVE_MINIMUM_WITHIN);
            }
        }
        if ("call-webhook".equals(type) && !(out.get("payload") instanceof String)) {
            out.put("payload", Json.write(out.get("payload")));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    /** Prefect's {@code AutomationCore.prevent_run_deployment_loops}, on a validated automation. */
    private static String loopProblem(Object value) {
        Map<?, ?> automation = (Map<?, ?>) value;
        Map<?, ?> trigger = (Map<?, ?>) automation.get("trigger");
        if (Boolean.FALSE.equals(automation.get("enabled")) || trigger == null || !"event".equals(trigger.get("type"))
                || !"Reactive".equals(trigger.get("posture"))) {
            return null;
        }
        List<?> expect = (List<?>) trigger.get("expect");
        if (expect.stream().noneMatch(e -> ((String) e).startsWith("prefect.flow-run."))
                || expect.stream().noneMatch(LOOPING_EVENTS::contains)) {
            return null;
        }
        for (Object action : (List<?>) automation.get("actions")) {
            Map<?, ?> act = (Map<?, ?>) action;
            if (!"run-deployment".equals(act.get("type"))) {
                continue;
            }
            if ("inferred".equals(act.get("source"))) {
                return "Running an inferred deployment from a flow run state change event will lead to an infinite loop"
                        + " of flow runs.  Please choose a specific deployment and add additional filtering labels to the"
                        + " match or match_related for this automation's trigger.";
            }
            Object related = trigger.get("match_related");
            List<?> relateds = related instanceof List ? (List<?>) related : List.of(related);
            if (matchesEveryFlowRun(trigger.get("match"))
                    && relateds.stream().anyMatch(Automations::matchesEveryFlowRun)) {
                return "Running a selected deployment from a flow run state change event may lead to an infinite loop"
                        + " of flow runs.  Please include additional filtering labels on either match or match_related"
                        + " to narrow down which flow runs will trigger this automation to exclude flow runs from the"
                        + " deployment you've selected.";
            }
        }
        return null;
    }

    /** Prefect's {@code ResourceSpecification.matches_every_resource_of_kind("prefect.flow-run")}. */
    private static boolean matchesEveryFlowRun(Object spec) {
        Map<?, ?> labels = (Map<?, ?>) spec;
        if (labels.isEmpty()) {
            return true;
        }
        Object id = labels.get("prefect.resource.id");
        if (labels.size() != 1 || id == null) {
            return false;
        }
        List<?> values = id instanceof List ? (List<?>) id : List.of(id);
        return values.contains("prefect.flow-run.*");
    }
}
