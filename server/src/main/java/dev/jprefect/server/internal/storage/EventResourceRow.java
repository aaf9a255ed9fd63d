package dev.jprefect.server.internal.storage;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One resource of one event, as Prefect's {@code event_resources} table: the primary resource
 * (role {@code ""}) or a related one (its {@code prefect.resource.role}), with its other labels.
 * Filters on labels and related resources are joins from {@link EventRow} to these rows.
 */
public final class EventResourceRow extends Row<EventResourceRow> {
    public static final Index<EventResourceRow> BY_EVENT = Index.many("event_id", r -> r.eventId);
    public static final TableSpec<EventResourceRow> TABLE = TableSpec.of("event_resources", BY_EVENT);

    public static final Column<EventResourceRow, UUID> EVENT_ID = Column.of("event_id", r -> r.eventId);
    public static final Column<EventResourceRow, Instant> OCCURRED = Column.of("occurred", r -> r.occurred);
    public static final Column<EventResourceRow, String> RESOURCE_ID = Column.of("resource_id", r -> r.resourceId);
    public static final Column<EventResourceRow, String> ROLE = Column.of("resource_role", r -> r.role);

    public UUID eventId;
    public Instant occurred;
    public String resourceId;
    /** {@code ""} for the event's primary resource. */
    public String role;
    /** The resource's labels without {@code prefect.resource.id} and {@code prefect.resource.role}: immutable. */
    public Map<String, String> labels;

    /**
     * The column of one label's value, as a SQL store reads it from the JSON {@code resource}
     * column ({@code resource ->> 'name'}).
     */
    public static Column<EventResourceRow, String> label(String name) {
        return Column.of("resource ->> '" + name.replace("'", "''") + "'", r -> r.labels.get(name));
    }

    @Override
    public EventResourceRow copy() {
        EventResourceRow c = copyBase(new EventResourceRow());
        c.eventId = eventId;
        c.occurred = occurred;
        c.resourceId = resourceId;
        c.role = role;
        c.labels = labels;
        return c;
    }
}
