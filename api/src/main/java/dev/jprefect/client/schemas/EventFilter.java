package dev.jprefect.client.schemas;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * Which events a subscription to {@code /events/out} receives, Prefect's {@code EventFilter}: the
 * parts set must all match; null parts are not sent.
 *
 * <pre>{@code
 * EventFilter runs = EventFilter.all()
 *         .withEvent(EventFilter.Name.prefix("prefect.flow-run."))
 *         .withAnyResource(EventFilter.Resource.idPrefix("prefect.flow-run." + flowRunId));
 * }</pre>
 *
 * @param occurred when the events happened; a subscription sets it itself
 * @param event criteria on the event's name
 * @param resource criteria on the event's resource
 * @param anyResource criteria that the resource or any related resource must meet
 */
public record EventFilter(
        Occurred occurred,
        Name event,
        Resource resource,
        Resource anyResource) {

    /** A filter that every event passes. */
    public static EventFilter all() {
        return new EventFilter(null, null, null, null);
    }

    /** Returns a copy with {@code value} as the occurred criteria. */
    public EventFilter withOccurred(Occurred value) {
        return new EventFilter(value, event, resource, anyResource);
    }

    /** Returns a copy with {@code value} as the event name criteria. */
    public EventFilter withEvent(Name value) {
        return new EventFilter(occurred, value, resource, anyResource);
    }

    /** Returns a copy with {@code value} as the resource criteria. */
    public EventFilter withResource(Resource value) {
        return new EventFilter(occurred, event, value, anyResource);
    }

    /** Returns a copy with {@code value} as the criteria any involved resource must meet. */
    public EventFilter withAnyResource(Resource value) {
        return new EventFilter(occurred, event, resource, value);
    }

    /**
     * Prefect's {@code EventOccurredFilter}.
     *
     * @param since events at or after this time
     * @param until events at or before this time
     */
    public record Occurred(OffsetDateTime since, OffsetDateTime until) {
    }

    /**
     * Prefect's {@code EventNameFilter}.
     *
     * @param prefix names starting with any of these
     * @param excludePrefix names starting with none of these
     * @param name names equal to any of these
     * @param excludeName names equal to none of these
     */
    public record Name(
            List<String> prefix,
            List<String> excludePrefix,
            List<String> name,
            List<String> excludeName) {

        /** Copies the lists. */
        public Name {
            prefix = Copies.listOrNull(prefix);
            excludePrefix = Copies.listOrNull(excludePrefix);
            name = Copies.listOrNull(name);
            excludeName = Copies.listOrNull(excludeName);
        }

        /** Names starting with any of {@code prefixes}. */
        public static Name prefix(String... prefixes) {
            return new Name(Arrays.asList(prefixes), null, null, null);
        }

        /** Names equal to any of {@code names}. */
        public static Name named(String... names) {
            return new Name(null, null, Arrays.asList(names), null);
        }
    }

    /**
     * Prefect's {@code EventResourceFilter} and {@code EventAnyResourceFilter}: criteria on a
     * resource's id.
     *
     * @param id ids equal to any of these
     * @param idPrefix ids starting with any of these
     */
    public record Resource(List<String> id, List<String> idPrefix) {

        /** Copies the lists. */
        public Resource {
            id = Copies.listOrNull(id);
            idPrefix = Copies.listOrNull(idPrefix);
        }

        /** Resources whose id is any of {@code ids}. */
        public static Resource id(String... ids) {
            return new Resource(Arrays.asList(ids), null);
        }

        /** Resources whose id starts with any of {@code prefixes}. */
        public static Resource idPrefix(String... prefixes) {
            return new Resource(null, Arrays.asList(prefixes));
        }
    }
}
