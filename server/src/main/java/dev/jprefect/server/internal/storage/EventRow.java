package dev.jprefect.server.internal.storage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An event the server received, as Prefect's {@code events} table: the event's own id is the row's
 * id, {@link #created} is when it was written. Each of its resources (the primary one and every
 * related one) is also a row of {@link EventResourceRow#TABLE}, which the label and related-resource
 * filters join.
 */
public final class EventRow extends Row<EventRow> {
    public static final TableSpec<EventRow> TABLE = TableSpec.of("events");

    public static final Column<EventRow, Instant> OCCURRED = Column.of("occurred", e -> e.occurred);
    public static final Column<EventRow, String> EVENT = Column.of("event", e -> e.event);
    public static final Column<EventRow, String> RESOURCE_ID = Column.of("resource_id", e -> e.resourceId);

    public Instant occurred;
    /** The event's name, e.g. {@code prefect.flow-run.Completed}. */
    public String event;
    /** The primary resource's {@code prefect.resource.id}. */
    public String resourceId;
    /** The primary resource's labels, {@code prefect.resource.id} included: immutable. */
    public Map<String, String> resource;
    /** The related resources' labels, each with its {@code prefect.resource.role}: immutable. */
    public List<Map<String, String>> related;
    /** Any JSON object: an immutable tree. */
    public Map<String, Object> payload;
    public UUID follows;
    /** When the server received it. */
    public Instant received;

    @Override
    public EventRow copy() {
        EventRow c = copyBase(new EventRow());
        c.occurred = occurred;
        c.event = event;
        c.resourceId = resourceId;
        c.resource = resource;
        c.related = related;
        c.payload = payload;
        c.follows = follows;
        c.received = received;
        return c;
    }
}
