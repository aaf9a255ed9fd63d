package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.json.Json;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.EventResourceRow;
import dev.jprefect.server.internal.storage.EventRow;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.Query;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.StorageBusyException;
import dev.jprefect.server.internal.storage.Table;
import dev.jprefect.server.internal.storage.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Events, as Prefect's {@code server/events}: received events are stored (once per id, as
 * Prefect's insert that ignores a duplicate), clients' task-run events recorded as task runs
 * ({@link TaskRunRecorder}), and handed to the live subscribers whose filter they pass, after the
 * transaction that stored them; stored events are read by filter, a page at a
 * time, with Prefect's page tokens.
 *
 * <p>Every server has its own: nothing is shared between two servers in one JVM.
 */
public final class Events {
    /** Prefect's {@code INTERACTIVE_PAGE_SIZE}: the largest and default page of {@code /events/filter}. */
    public static final int INTERACTIVE_PAGE_SIZE = 50;

    /**
     * The limits events are held to, read from the settings once.
     *
     * @param maximumLabels {@code PREFECT_SERVER_EVENTS_MAXIMUM_LABELS_PER_RESOURCE}
     * @param maximumRelated {@code PREFECT_SERVER_EVENTS_MAXIMUM_RELATED_RESOURCES}
     * @param maximumNameLength {@code PREFECT_SERVER_EVENTS_MAXIMUM_EVENT_NAME_LENGTH}
     * @param maximumBackfill {@code PREFECT_SERVER_EVENTS_MAXIMUM_WEBSOCKET_BACKFILL}
     * @param backfillPageSize {@code PREFECT_SERVER_EVENTS_WEBSOCKET_BACKFILL_PAGE_SIZE}
     */
    public record Limits(int maximumLabels, int maximumRelated, int maximumNameLength, Duration maximumBackfill,
            int backfillPageSize, int maximumCountBuckets) {
    }

    /**
     * A page of events: their views, how many match in all, and the token of the next page (null
     * on the last).
     */
    public record Page(List<Object> events, long total, String nextToken) {
    }

    private final Storage storage;
    private final InstantSource clock;
    private final Limits limits;
    private final Schema event;
    private final Schema filter;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final List<Consumer<Map<String, Object>>> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param storage where events are kept
     * @param clock the source of every {@code received} and filter default
     * @param limits the limits of what an event may hold
     */
    public Events(Storage storage, InstantSource clock, Limits limits) {
        this.storage = storage;
        this.clock = clock;
        this.limits = limits;
        this.event = eventSchema(limits);
        this.filter = EventFilters.schema(clock);
    }

    /** Prefect's {@code Event}, within {@code limits}. */
    private static Schema eventSchema(Limits limits) {
        Schema labels = Schema.dict(Schema.string());
        Schema resource = Schema.checked(labels, v -> resourceProblem((Map<?, ?>) v, limits));
        Schema related = Schema.checked(labels, v -> {
            String problem = resourceProblem((Map<?, ?>) v, limits);
            if (problem != null) {
                return problem;
            }
            Object role = ((Map<?, ?>) v).get("prefect.resource.role");
            if (role == null) {
                return "Related Resources must include the prefect.resource.role label";
            }
            return ((String) role).isEmpty() ? "The prefect.resource.role label must be non-empty" : null;
        });
        Schema relatedList = Schema.checked(Schema.list(related), v -> ((List<?>) v).size() > limits.maximumRelated()
                ? "The maximum number of related resources is " + limits.maximumRelated() : null);
        Schema name = Schema.checked(Schema.string(), v -> ((String) v).length() > limits.maximumNameLength()
                ? "Event name must be at most " + limits.maximumNameLength() + " characters" : null);
        return Schema.object("Event")
                .required("occurred", Schema.dateTime())
                .required("event", name)
                .required("resource", resource)
                .optional("related", relatedList, List.of())
                .optional("payload", Schema.anyObject(), Map.of())
                .required("id", Schema.uuid())
                .optional("follows", Schema.uuid().nullable(), null);
    }

    private static String resourceProblem(Map<?, ?> labels, Limits limits) {
        if (labels.size() > limits.maximumLabels()) {
            return "The maximum number of labels per resource is " + limits.maximumLabels();
        }
        Object id = labels.get("prefect.resource.id");
        if (id == null) {
            return "Resources must include the prefect.resource.id label";
        }
        return ((String) id).isEmpty() ? "The prefect.resource.id label must be non-empty" : null;
    }

    /** Returns the schema of one event ({@code Event}). */
    public Schema eventSchema() {
        return event;
    }

    /** Returns the schema of a list of events, the body of {@code POST /events}. */
    public Schema eventsSchema() {
        return Schema.list(event);
    }

    /** Returns the schema of an {@code EventFilter}, whose {@code occurred} defaults come from the server's clock. */
    public Schema filterSchema() {
        return filter;
    }

    /** Returns the limits events are held to. */
    public Limits limits() {
        return limits;
    }

    // ---- writing ----------------------------------------------------------------------------

    /** Stores validated events (those already stored are left as they are) and publishes them. */
    public void write(List<Map<String, Object>> events) {
        Instant received = clock.instant();
        storage.write(tx -> {
            for (Map<String, Object> e : events) {
                store(tx, toRow(Obj.of(e), received));
            }
            return null;
        });
    }

    /**
     * Records an event that orchestration made in {@code tx}: stored there, published once the
     * transaction has committed.
     */
    public void emit(Transaction tx, EventRow event) {
        event.created = clock.instant();
        event.updated = event.created;
        event.received = event.created;
        store(tx, event);
    }

    /**
     * Stores {@code event} in {@code tx} unless an event with its id is stored already, with a row
     * per resource; it is published to the live subscribers once {@code tx} has committed (never if
     * it rolls back), whichever model operation or service wrote it.
     */
    void store(Transaction tx, EventRow event) {
        Table<EventRow> table = tx.table(EventRow.TABLE);
        if (table.get(event.id).isPresent()) {
            return;
        }
        table.put(event);
        Table<EventResourceRow> resources = tx.table(EventResourceRow.TABLE);
        resources.put(resourceRow(event, event.resource, ""));
        for (Map<String, String> r : event.related) {
            resources.put(resourceRow(event, r, r.get("prefect.resource.role")));
        }
        TaskRunRecorder.record(tx, event);
        tx.afterCommit(() -> publish(event));
    }

    private static EventResourceRow resourceRow(EventRow event, Map<String, String> labels, String role) {
        EventResourceRow row = new EventResourceRow();
        row.id = UUID.randomUUID();
        row.created = event.created;
        row.updated = event.created;
        row.eventId = event.id;
        row.occurred = event.occurred;
        row.resourceId = labels.get("prefect.resource.id");
        row.role = role;
        Map<String, String> rest = new LinkedHashMap<>(labels);
        rest.remove("prefect.resource.id");
        rest.remove("prefect.resource.role");
        row.labels = Collections.unmodifiableMap(rest);
        return row;
    }

    /** Returns a validated {@code Event} as a row received at {@code received}. */
    @SuppressWarnings("unchecked")
    static EventRow toRow(Obj e, Instant received) {
        EventRow row = new EventRow();
        row.id = e.uuid("id");
        row.created = received;
        row.updated = received;
        row.received = received;
        row.occurred = e.instant("occurred");
        row.event = e.string("event");
        row.resource = (Map<String, String>) (Map<String, ?>) e.map("resource");
        row.resourceId = row.resource.get("prefect.resource.id");
        row.related = (List<Map<String, String>>) (List<?>) e.list("related");
        row.payload = e.map("payload");
        row.follows = e.uuid("follows");
        return row;
    }

    /** Returns the view of a stored event, Prefect's {@code ReceivedEvent}. */
    static Map<String, Object> view(EventRow e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("occurred", e.occurred);
        out.put("event", e.event);
        out.put("resource", e.resource);
        out.put("related", e.related);
        out.put("payload", e.payload);
        out.put("id", e.id);
        out.put("follows", e.follows);
        out.put("received", e.received);
        return out;
    }

    // ---- reading ----------------------------------------------------------------------------

    /**
     * Returns the first page of the events a validated {@code EventFilter} selects, at most
     * {@code pageSize} of them, as Prefect's {@code query_events}.
     */
    public Page query(Map<String, Object> validatedFilter, int pageSize) {
        return page(validatedFilter, pageSize, 0, null);
    }

    /**
     * Returns the page a token of {@link Page#nextToken} names, or empty if the token is not one
     * this server made (Prefect answers 403).
     */
    public Optional<Page> nextPage(String token) {
        Map<?, ?> parameters;
        Map<String, Object> validated;
        try {
            parameters = (Map<?, ?>) Json.parse(Base64.getDecoder().decode(token));
            validated = asMap(filter.validate(parameters.get("filter"), List.of("filter")));
            long count = ((Number) parameters.get("count")).longValue();
            int pageSize = ((Number) parameters.get("page_size")).intValue();
            long offset = ((Number) parameters.get("offset")).longValue();
            if (pageSize < 0 || offset < 0) {
                return Optional.empty();
            }
            return Optional.of(page(validated, pageSize, offset, count));
        } catch (StorageBusyException e) {
            throw e; // the store could not answer: a 503, not a bad token
        } catch (RuntimeException e) { // not base64, not JSON, not the parameters a token holds
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object validated) {
        return (Map<String, Object>) validated;
    }

    /** One page from {@code offset}; {@code count} is the total a first page counted, or null to count now. */
    private Page page(Map<String, Object> validatedFilter, int pageSize, long offset, Long count) {
        Obj f = Obj.of(validatedFilter);
        Query<EventRow> all = Query.of(EventFilters.condition(f))
                .orderBy(List.of(EventFilters.ascending(f) ? Order.asc(EventRow.OCCURRED) : Order.desc(EventRow.OCCURRED)));
        boolean distinct = f.obj("resource") != null && f.obj("resource").isTrue("distinct");
        return storage.read(tx -> {
            Table<EventRow> table = tx.table(EventRow.TABLE);
            List<EventRow> rows;
            long total;
            if (distinct) { // Prefect's row_number() over the resource id: each resource's first event in the order
                Map<String, EventRow> first = new LinkedHashMap<>();
                for (EventRow e : table.find(all)) {
                    first.putIfAbsent(e.resourceId, e);
                }
                List<EventRow> each = new ArrayList<>(first.values());
                total = count != null ? count : each.size();
                rows = each.subList((int) Math.min(offset, each.size()), (int) Math.min(offset + pageSize, each.size()));
            } else {
                total = count != null ? count : table.count(all.where());
                rows = table.find(all.page(offset, pageSize));
            }
            List<Object> views = new ArrayList<>();
            for (EventRow e : rows) {
                views.add(view(e));
            }
            return new Page(views, total, token(validatedFilter, total, pageSize, offset));
        });
    }

    /**
     * Counts the events a validated {@code EventFilter} selects, as Prefect's {@code count_events}:
     * by time bucket of {@code interval} {@code unit}s ({@code time}), by day ({@code day}), by name
     * ({@code event}) or by resource ({@code resource}); see {@link EventCounts}.
     *
     * @throws RefusedException 422 if the filter's time range holds more than
     *         {@link Limits#maximumCountBuckets} buckets
     */
    public List<Map<String, Object>> count(String countable, Map<String, Object> validatedFilter, String unit, double interval) {
        long bucket = EventCounts.bucketMicros(unit, interval);
        Obj f = Obj.of(validatedFilter);
        Instant since = f.obj("occurred").instant("since");
        Instant until = f.obj("occurred").instant("until");
        EventCounts.validateBuckets(since, until, bucket, limits.maximumCountBuckets());
        List<EventRow> events = storage.read(tx -> tx.table(EventRow.TABLE).find(Query.of(EventFilters.condition(f))));
        return switch (countable) {
            case "day", "time" -> EventCounts.byTime(events, countable.equals("day"), unit, interval, since, until,
                    clock.instant());
            case "event" -> EventCounts.byValue(events, false);
            case "resource" -> EventCounts.byValue(events, true);
            default -> throw new IllegalArgumentException("nothing countable is named " + countable);
        };
    }

    /** Prefect's {@code to_page_token}: base64 of the filter, count, page size and next offset, or null on the last page. */
    private static String token(Map<String, Object> validatedFilter, long count, int pageSize, long offset) {
        if (offset + pageSize >= count) {
            return null;
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("filter", validatedFilter);
        parameters.put("count", count);
        parameters.put("page_size", pageSize);
        parameters.put("offset", offset + pageSize);
        return Base64.getEncoder().encodeToString(Json.write(parameters).getBytes(StandardCharsets.UTF_8));
    }

    // ---- live subscribers -------------------------------------------------------------------

    /** A live subscription: its filter and where matching events go. Close it to stop them. */
    public final class Subscriber implements AutoCloseable {
        private final Obj filter;
        private final Consumer<Map<String, Object>> sink;

        private Subscriber(Obj filter, Consumer<Map<String, Object>> sink) {
            this.filter = filter;
            this.sink = sink;
        }

        @Override
        public void close() {
            subscribers.remove(this);
        }
    }

    /**
     * Subscribes {@code sink} to the events a validated filter selects, from now on. The sink is
     * called on the thread that stored each event, after its transaction; it must not block.
     */
    public Subscriber subscribe(Map<String, Object> validatedFilter, Consumer<Map<String, Object>> sink) {
        Subscriber s = new Subscriber(Obj.of(validatedFilter), sink);
        subscribers.add(s);
        return s;
    }

    /**
     * Hands every event stored from now on (its {@code ReceivedEvent} view) to {@code listener}, on
     * the thread that stored it, after its transaction: the triggers service's feed. The listener
     * must not block.
     */
    public void listen(Consumer<Map<String, Object>> listener) {
        listeners.add(listener);
    }

    private void publish(EventRow e) {
        if (!listeners.isEmpty()) {
            Map<String, Object> received = view(e);
            listeners.forEach(l -> l.accept(received));
        }
        Map<String, Object> view = null;
        for (Subscriber s : subscribers) {
            if (EventFilters.includes(s.filter, e)) {
                view = view != null ? view : view(e);
                s.sink.accept(view);
            }
        }
    }
}
