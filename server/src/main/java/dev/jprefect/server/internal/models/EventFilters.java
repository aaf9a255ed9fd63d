package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.json.Json;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.Column;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.EventResourceRow;
import dev.jprefect.server.internal.storage.EventRow;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Prefect's {@code EventFilter} ({@code server/events/filters.py}): its schema, the storage
 * condition of {@code POST /events/filter} (Prefect's SQL {@code WHERE}, with the label and
 * related-resource filters as joins to the event's resources), and the match of a live event
 * against a subscriber's filter (Prefect's {@code includes}).
 *
 * <p>Label values are globs ({@code *}, {@code ?}); one starting with {@code !} excludes; a label
 * the resource lacks matches neither way. {@code text} is Prefect's text search ({@link TextSearch})
 * over the event's name and the JSON text of its resource, related resources and payload, as
 * Prefect's query searches them; a live event is matched against the same text (Prefect's own
 * {@code includes} searches label values only, so a term naming a label key matches here but not
 * there).
 */
final class EventFilters {
    /** Prefect's limit on a text search query ({@code EventTextFilter.query}'s {@code max_length}). */
    static final int TEXT_QUERY_MAX_LENGTH = 200;

    /** The text Prefect's {@code text} filter searches: the name, then the resource, related resources and payload as JSON. */
    private static final Column<EventRow, String> SEARCHABLE_TEXT = Column.of("searchable_text", EventFilters::searchableText);

    /** Prefect's default look-back when a filter names no {@code occurred.since}: 180 days before today began. */
    static final Duration DEFAULT_LOOK_BACK = Duration.ofDays(180);

    private EventFilters() {
    }

    /** The {@code EventFilter} model; its {@code occurred} defaults are taken from {@code clock} when it validates. */
    static Schema schema(InstantSource clock) {
        Schema strings = Schema.list(Schema.string()).nullable();
        Schema spec = Schema.dict(Schema.union(Schema.string(), Schema.list(Schema.string()))).nullable();
        Schema.Model occurred = Schema.object("EventOccurredFilter").forbidExtra()
                .optionalComputed("since", Schema.dateTime(), () -> since(clock.instant()))
                .optionalComputed("until", Schema.dateTime(), clock::instant);
        Schema.Model name = Schema.object("EventNameFilter").forbidExtra()
                .optional("prefix", strings, null).optional("exclude_prefix", strings, null)
                .optional("name", strings, null).optional("exclude_name", strings, null);
        Schema.Model resource = Schema.object("EventResourceFilter").forbidExtra()
                .optional("id", strings, null).optional("id_prefix", strings, null)
                .optional("labels", spec, null).optional("distinct", Schema.bool(), false);
        Schema pair = Schema.checked(Schema.list(Schema.string()),
                v -> ((List<?>) v).size() == 2 ? null : "a resource in a role is a pair [resource id, role]");
        Schema.Model related = Schema.object("EventRelatedFilter").forbidExtra()
                .optional("id", strings, null).optional("role", strings, null)
                .optional("resources_in_roles", Schema.list(pair).nullable(), null)
                .optional("labels", spec, null);
        Schema.Model any = Schema.object("EventAnyResourceFilter").forbidExtra()
                .optional("id", strings, null).optional("id_prefix", strings, null)
                .optional("labels", spec, null);
        Schema.Model text = Schema.object("EventTextFilter").forbidExtra()
                .required("query", Schema.string().maxLength(TEXT_QUERY_MAX_LENGTH));
        Schema.Model ids = Schema.object("EventIDFilter").forbidExtra()
                .optional("id", Schema.list(Schema.uuid()).nullable(), null);
        return Schema.object("EventFilter").forbidExtra()
                .optionalComputed("occurred", occurred, () -> occurred.validate(Map.of(), List.of()))
                .optional("event", name.nullable(), null)
                .optional("resource", resource.nullable(), null)
                .optional("related", Schema.union(related, Schema.list(related)).nullable(), null)
                .optional("any_resource", Schema.union(any, Schema.list(any)).nullable(), null)
                .optionalComputed("id", ids, () -> ids.validate(Map.of(), List.of()))
                .optional("text", text.nullable(), null)
                .optional("order", Schema.oneOf("ASC", "DESC"), "DESC");
    }

    /** Prefect's default {@code since}: the start of today (UTC) less {@link #DEFAULT_LOOK_BACK}. */
    private static Instant since(Instant now) {
        return now.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant().minus(DEFAULT_LOOK_BACK);
    }

    /** Returns whether a validated filter asks for the oldest events first. */
    static boolean ascending(Obj filter) {
        return "ASC".equals(filter.string("order"));
    }

    // ---- the storage condition (Prefect's build_where_clauses) ------------------------------

    /** The events a validated filter selects, as Prefect's query does. */
    static Condition<EventRow> condition(Obj filter) {
        Obj occurred = filter.obj("occurred");
        Instant since = occurred.instant("since");
        Instant until = occurred.instant("until");
        Condition<EventResourceRow> scope = Condition.between(EventResourceRow.OCCURRED, since, until);
        List<Condition<EventRow>> all = new ArrayList<>();
        all.add(Condition.between(EventRow.OCCURRED, since, until));
        Obj name = filter.obj("event");
        if (name != null) {
            if (nonEmpty(name.list("prefix"))) {
                all.add(Condition.or(prefixes(EventRow.EVENT, name.list("prefix"))));
            }
            if (nonEmpty(name.list("exclude_prefix"))) {
                for (Condition<EventRow> p : prefixes(EventRow.EVENT, name.list("exclude_prefix"))) {
                    all.add(Condition.and(Condition.isNull(EventRow.EVENT, false), Condition.not(p)));
                }
            }
            if (nonEmpty(name.list("name"))) {
                all.add(Condition.in(EventRow.EVENT, name.list("name")));
            }
            if (nonEmpty(name.list("exclude_name"))) {
                all.add(Condition.notIn(EventRow.EVENT, name.list("exclude_name")));
            }
        }
        Obj resource = filter.obj("resource");
        if (resource != null) {
            if (nonEmpty(resource.list("id"))) {
                all.add(Condition.in(EventRow.RESOURCE_ID, resource.list("id")));
            }
            if (nonEmpty(resource.list("id_prefix"))) {
                all.add(Condition.or(prefixes(EventRow.RESOURCE_ID, resource.list("id_prefix"))));
            }
            Map<String, Object> labels = resource.map("labels");
            if (labels != null && !labels.isEmpty()) {
                List<Condition<EventResourceRow>> where = new ArrayList<>(List.of(scope,
                        Condition.in(EventResourceRow.ROLE, List.of(""))));
                where.addAll(labelConditions(labels, false));
                all.add(joined(Condition.and(where)));
            }
        }
        for (Obj related : each(filter.raw("related"))) {
            List<Condition<EventResourceRow>> where = new ArrayList<>();
            if (nonEmpty(related.list("id"))) {
                where.add(Condition.in(EventResourceRow.RESOURCE_ID, related.list("id")));
            }
            if (nonEmpty(related.list("role"))) {
                where.add(Condition.in(EventResourceRow.ROLE, related.list("role")));
            }
            List<List<String>> inRoles = related.list("resources_in_roles");
            if (nonEmpty(inRoles)) {
                List<Condition<EventResourceRow>> pairs = new ArrayList<>();
                for (List<String> pair : inRoles) {
                    pairs.add(Condition.and(Condition.in(EventResourceRow.RESOURCE_ID, List.of(pair.get(0))),
                            Condition.in(EventResourceRow.ROLE, List.of(pair.get(1)))));
                }
                where.add(Condition.or(pairs));
            }
            Map<String, Object> labels = related.map("labels");
            if (labels != null && !labels.isEmpty()) {
                where.addAll(labelConditions(labels, true));
            }
            if (!where.isEmpty()) {
                if (!nonEmpty(related.list("role"))) {
                    where.add(Condition.notIn(EventResourceRow.ROLE, List.of("")));
                }
                where.add(scope);
                all.add(joined(Condition.and(where)));
            }
        }
        for (Obj any : each(filter.raw("any_resource"))) {
            List<Condition<EventResourceRow>> where = new ArrayList<>();
            if (nonEmpty(any.list("id"))) {
                where.add(Condition.in(EventResourceRow.RESOURCE_ID, any.list("id")));
            }
            if (nonEmpty(any.list("id_prefix"))) {
                where.add(Condition.or(prefixes(EventResourceRow.RESOURCE_ID, any.list("id_prefix"))));
            }
            Map<String, Object> labels = any.map("labels");
            if (labels != null && !labels.isEmpty()) {
                where.addAll(labelConditions(labels, true));
            }
            if (!where.isEmpty()) {
                where.add(scope);
                all.add(joined(Condition.and(where)));
            }
        }
        List<UUID> ids = filter.obj("id").list("id");
        if (nonEmpty(ids)) {
            all.add(Condition.in(Column.<EventRow>id(), ids));
        }
        TextSearch search = textSearch(filter);
        if (search != null) {
            if (!search.include().isEmpty()) {
                all.add(Condition.or(search.include().stream().map(t -> Condition.contains(SEARCHABLE_TEXT, t)).toList()));
            }
            search.exclude().forEach(t -> all.add(Condition.not(Condition.contains(SEARCHABLE_TEXT, t))));
            search.required().forEach(t -> all.add(Condition.contains(SEARCHABLE_TEXT, t)));
        }
        return Condition.and(all);
    }

    /** The filter's parsed text search, or null when it has none. */
    private static TextSearch textSearch(Obj filter) {
        Obj text = filter.obj("text");
        return text == null ? null : TextSearch.parse(text.string("query"));
    }

    /** What the text search reads of an event: its name, then its resource, related resources and payload as JSON. */
    private static String searchableText(EventRow event) {
        return event.event + " " + Json.write(event.resource) + " " + Json.write(event.related) + " "
                + Json.write(event.payload);
    }

    private static Condition<EventRow> joined(Condition<EventResourceRow> where) {
        return Condition.exists(Column.<EventRow>id(), EventResourceRow.TABLE, EventResourceRow.EVENT_ID, where);
    }

    private static <R> List<Condition<R>> prefixes(Column<R, String> column, List<String> prefixes) {
        List<Condition<R>> out = new ArrayList<>();
        for (String prefix : prefixes) {
            out.add(Condition.startsWith(column, prefix));
        }
        return out;
    }

    /**
     * The conditions of a resource specification on the resource rows: {@code prefect.resource.id}
     * on the id column, {@code prefect.resource.role} (when {@code withRole}) on the role column,
     * every other label on its value; each label's globs OR-ed, an empty list matching nothing.
     */
    private static List<Condition<EventResourceRow>> labelConditions(Map<String, Object> labels, boolean withRole) {
        Map<String, List<String>> spec = specification(labels);
        List<Condition<EventResourceRow>> out = new ArrayList<>();
        List<String> ids = spec.remove("prefect.resource.id");
        if (nonEmpty(ids) && !ids.equals(List.of(""))) { // Prefect pops an empty value as no value
            out.add(globs(EventResourceRow.RESOURCE_ID, ids));
        }
        if (withRole) {
            List<String> roles = spec.remove("prefect.resource.role");
            if (nonEmpty(roles) && !roles.equals(List.of(""))) {
                out.add(Condition.in(EventResourceRow.ROLE, roles));
            }
        }
        spec.forEach((label, values) -> out.add(values.isEmpty() ? Condition.never()
                : globs(EventResourceRow.label(label), values)));
        return out;
    }

    private static Condition<EventResourceRow> globs(Column<EventResourceRow, String> column, List<String> globs) {
        List<Condition<EventResourceRow>> any = new ArrayList<>();
        for (String glob : globs) {
            boolean negated = glob.startsWith("!");
            Condition<EventResourceRow> like = Condition.like(column, likeOf(negated ? glob.substring(1) : glob));
            // SQL: NOT (NULL LIKE x) is unknown, so a missing label matches a negated glob neither
            any.add(negated ? Condition.and(Condition.isNull(column, false), Condition.not(like)) : like);
        }
        return Condition.or(any);
    }

    /** Prefect's translation of a glob to a {@code LIKE} pattern: {@code *} is {@code %}, {@code ?} is {@code _}. */
    static String likeOf(String glob) {
        StringBuilder out = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> out.append('%');
                case '?' -> out.append('_');
                case '\\' -> out.append("\\\\");
                case '%' -> out.append("\\%");
                case '_' -> out.append("\\_");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    // ---- live matching (Prefect's includes) -------------------------------------------------

    /**
     * Returns whether a validated filter selects {@code event}, as the storage condition would:
     * the match of a live event against a subscriber's filter. (Prefect's own {@code includes}
     * ignores {@code related}; here it filters live events as it filters stored ones.)
     */
    static boolean includes(Obj filter, EventRow event) {
        Obj occurred = filter.obj("occurred");
        if (event.occurred.isBefore(occurred.instant("since")) || event.occurred.isAfter(occurred.instant("until"))) {
            return false;
        }
        Obj name = filter.obj("event");
        if (name != null) {
            if (nonEmpty(name.list("prefix")) && name.<String>list("prefix").stream().noneMatch(event.event::startsWith)) {
                return false;
            }
            if (nonEmpty(name.list("exclude_prefix"))
                    && name.<String>list("exclude_prefix").stream().anyMatch(event.event::startsWith)) {
                return false;
            }
            if (nonEmpty(name.list("name")) && !name.list("name").contains(event.event)) {
                return false;
            }
            if (nonEmpty(name.list("exclude_name")) && name.list("exclude_name").contains(event.event)) {
                return false;
            }
        }
        Obj resource = filter.obj("resource");
        if (resource != null) {
            if (nonEmpty(resource.list("id")) && !resource.list("id").contains(event.resourceId)) {
                return false;
            }
            if (nonEmpty(resource.list("id_prefix"))
                    && resource.<String>list("id_prefix").stream().noneMatch(event.resourceId::startsWith)) {
                return false;
            }
            Map<String, Object> labels = resource.map("labels");
            if (labels != null && !labels.isEmpty() && !matches(specification(labels), event.resource)) {
                return false;
            }
        }
        for (Obj related : each(filter.raw("related"))) {
            if (!relatedMatches(related, event)) {
                return false;
            }
        }
        for (Obj any : each(filter.raw("any_resource"))) {
            if (!anyMatches(any, event)) {
                return false;
            }
        }
        List<UUID> ids = filter.obj("id").list("id");
        if (nonEmpty(ids) && !ids.contains(event.id)) {
            return false;
        }
        TextSearch search = textSearch(filter);
        return search == null || search.matches(searchableText(event));
    }

    private static boolean relatedMatches(Obj related, EventRow event) {
        boolean filters = nonEmpty(related.list("id")) || nonEmpty(related.list("role"))
                || nonEmpty(related.list("resources_in_roles"))
                || (related.map("labels") != null && !related.map("labels").isEmpty());
        if (!filters) {
            return true;
        }
        List<Map<String, String>> candidates = new ArrayList<>(event.related);
        if (nonEmpty(related.list("role"))) {
            candidates.add(withRole(event.resource, ""));
        }
        for (Map<String, String> r : candidates) {
            String id = r.get("prefect.resource.id");
            String role = r.getOrDefault("prefect.resource.role", "");
            if (nonEmpty(related.list("id")) && !related.list("id").contains(id)) {
                continue;
            }
            if (nonEmpty(related.list("role")) && !related.list("role").contains(role)) {
                continue;
            }
            List<List<String>> inRoles = related.list("resources_in_roles");
            if (nonEmpty(inRoles) && inRoles.stream().noneMatch(p -> p.get(0).equals(id) && p.get(1).equals(role))) {
                continue;
            }
            Map<String, Object> labels = related.map("labels");
            if (labels != null && !labels.isEmpty() && !matches(specification(labels), r)) {
                continue;
            }
            return true;
        }
        return false;
    }

    private static boolean anyMatches(Obj any, EventRow event) {
        List<Map<String, String>> candidates = new ArrayList<>();
        candidates.add(event.resource);
        candidates.addAll(event.related);
        for (Map<String, String> r : candidates) {
            String id = r.get("prefect.resource.id");
            if (nonEmpty(any.list("id")) && !any.list("id").contains(id)) {
                continue;
            }
            if (nonEmpty(any.list("id_prefix")) && any.<String>list("id_prefix").stream().noneMatch(id::startsWith)) {
                continue;
            }
            Map<String, Object> labels = any.map("labels");
            if (labels != null && !labels.isEmpty() && !matches(specification(labels), r)) {
                continue;
            }
            return true;
        }
        return false;
    }

    private static Map<String, String> withRole(Map<String, String> resource, String role) {
        Map<String, String> out = new LinkedHashMap<>(resource);
        out.put("prefect.resource.role", role);
        return out;
    }

    /** Prefect's {@code ResourceSpecification.matches}: every label has a value matching one of its globs. */
    private static boolean matches(Map<String, List<String>> spec, Map<String, String> resource) {
        for (Map.Entry<String, List<String>> e : spec.entrySet()) {
            String value = resource.get(e.getKey());
            if (value == null || e.getValue().stream().noneMatch(glob -> globMatches(glob, value))) {
                return false;
            }
        }
        return true;
    }

    private static boolean globMatches(String glob, String value) {
        boolean negated = glob.startsWith("!");
        String body = negated ? glob.substring(1) : glob;
        StringBuilder regex = new StringBuilder();
        for (char c : body.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        boolean match = Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
        return negated != match;
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** A resource specification with every value as a list (a single string is a list of one). */
    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> specification(Map<String, Object> labels) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        labels.forEach((k, v) -> out.put(k, v instanceof String s ? List.of(s) : new ArrayList<>((List<String>) v)));
        return out;
    }

    /** A filter that may be one object or a list of them, as the list of objects (all must hold). */
    @SuppressWarnings("unchecked")
    private static List<Obj> each(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            List<Obj> out = new ArrayList<>();
            for (Object item : list) {
                out.add(Obj.of(item));
            }
            return out;
        }
        return List.of(Obj.of((Map<String, Object>) value));
    }

    private static boolean nonEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }
}
