package dev.jprefect.client.schemas;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Something that happened to a resource, Prefect's {@code Event}: what {@code POST /events} takes
 * and {@code /events/out} streams.
 *
 * <p>A resource is a map of labels whose {@code prefect.resource.id} names it (e.g.
 * {@code prefect.flow-run.<id>}); related resources carry a {@code prefect.resource.role} too.
 *
 * <pre>{@code
 * Event deployed = Event.of("acme.model.deployed", "acme.model.churn")
 *         .withPayload(Map.of("version", 7));
 * }</pre>
 *
 * @param occurred when it happened, from the sender's point of view
 * @param event the event's name, e.g. {@code prefect.flow-run.Completed}
 * @param resource the labels of the resource the event is about
 * @param related the labels of other resources involved, each with a role
 * @param payload open-ended data about what happened
 * @param id the sender's id of this event
 * @param follows the id of an event known to have happened before this one, or null
 */
public record Event(
        OffsetDateTime occurred,
        String event,
        Map<String, String> resource,
        List<Map<String, String>> related,
        Map<String, Object> payload,
        UUID id,
        UUID follows) {

    /** The label that names a resource. */
    public static final String RESOURCE_ID = "prefect.resource.id";

    /** The label that gives a related resource's role. */
    public static final String RESOURCE_ROLE = "prefect.resource.role";

    /** Checks the required parts and copies the collections; missing lists and maps become empty. */
    public Event {
        Objects.requireNonNull(occurred, "occurred");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(id, "id");
        resource = Copies.map(resource);
        related = related == null ? List.of() : Copies.list(related.stream().map(Copies::map).toList());
        payload = Copies.map(payload);
    }

    /** An event named {@code event} about the resource {@code resourceId}, now, with a fresh id. */
    public static Event of(String event, String resourceId) {
        return new Event(OffsetDateTime.now(ZoneOffset.UTC), event, Map.of(RESOURCE_ID, resourceId), List.of(),
                Map.of(), UUID.randomUUID(), null);
    }

    /** Returns the id of the resource the event is about. */
    public String resourceId() {
        return resource.get(RESOURCE_ID);
    }

    /** Returns a copy with {@code value} as payload. */
    public Event withPayload(Map<String, Object> value) {
        return new Event(occurred, event, resource, related, value, id, follows);
    }

    /** Returns a copy with the resource {@code resourceId} in the role {@code role} added to the related ones. */
    public Event withRelated(String resourceId, String role) {
        List<Map<String, String>> more = new ArrayList<>(related);
        more.add(Map.of(RESOURCE_ID, resourceId, RESOURCE_ROLE, role));
        return new Event(occurred, event, resource, more, payload, id, follows);
    }
}
