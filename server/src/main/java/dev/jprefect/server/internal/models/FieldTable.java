package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.Column;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The fields of one resource, each written once: its wire name, the schema its values must meet,
 * the storage column it lives in (which reads it for views, filters and sorts), how a validated
 * value is stored, the filter operators it takes, and the Prefect shapes it is part of (e.g.
 * {@code ArtifactCreate}, {@code ArtifactUpdate}, {@code Artifact}, {@code ArtifactFilter}).
 * Request schemas, response views, filter schemas and their storage conditions, and sort orders
 * are all made from this table, so a new field is one line.
 *
 * @param <R> the row type
 */
final class FieldTable<R extends Row<R>> {

    /** A filter operator of a field, as Prefect's filter models name them. */
    enum Op {
        /** {@code any_}: the value is one of a list. */
        ANY("any_"),
        /** {@code not_any_}: the value is none of a list. */
        NOT_ANY("not_any_"),
        /** {@code like_}: the text contains this, ignoring case. */
        LIKE("like_"),
        /** {@code exists_}: the value is (not) null. */
        EXISTS("exists_"),
        /** {@code eq_}: the value equals this. */
        EQ("eq_"),
        /** {@code all_} of a list field (tags): the list holds every one of these. */
        ALL("all_"),
        /** {@code any_} of a list field (tags): the list holds at least one of these. */
        ANY_OF("any_"),
        /** {@code is_null_} of a list field (tags): the list is empty. */
        IS_EMPTY("is_null_"),
        /** {@code is_null_} of a value: it is (not) null. */
        IS_NULL("is_null_"),
        /** {@code startswith_}: the text starts with one of a list, ignoring case. */
        STARTS_WITH("startswith_"),
        /** {@code before_}: the time is at or before this. */
        BEFORE("before_"),
        /** {@code after_}: the time is at or after this. */
        AFTER("after_");

        private final String key;

        Op(String key) {
            this.key = key;
        }

        String key() {
            return key;
        }
    }

    /**
     * How a field is filtered: the schema of one value in a filter (plain, without the checks a
     * created value must pass) and the operators; or, for a filter no operator list describes
     * (a join, a search over several columns), its own model and condition.
     *
     * @param element the schema of a value in {@code any_} and {@code not_any_}
     * @param ops the operators, in the filter model's order
     * @param operated whether the field's filter object has its own {@code operator} ({@code and_} or {@code or_})
     * @param model the filter object's model when it is not made from {@code ops}, else null
     * @param condition the condition of such a filter object, else null
     */
    record Filter(Schema element, List<Op> ops, boolean operated, Schema model, Function<Obj, Condition<?>> condition) {
        /** Not filterable. */
        static final Filter NONE = new Filter(null, List.of(), false, null, null);

        static Filter by(Schema element, Op... ops) {
            return new Filter(element, List.of(ops), false, null, null);
        }

        /** Filtered by {@code ops}, combined by the filter object's own {@code operator}. */
        static Filter operated(Schema element, Op... ops) {
            return new Filter(element, List.of(ops), true, null, null);
        }

        /** Filtered by an object of {@code model}, whose (validated) value {@code condition} turns into the rows' condition. */
        static <R> Filter custom(Schema.Model model, Function<Obj, Condition<R>> condition) {
            return new Filter(null, List.of(), false, model, condition::apply);
        }

        boolean filterable() {
            return model != null || !ops.isEmpty();
        }
    }

    /**
     * How a field is sent in one action model: required, or optional and then nullable or not and
     * with or without a default. A field of a shape without one is optional and nullable.
     *
     * @param required whether the body must hold it
     * @param nullable whether null is a value it may take
     * @param defaultValue the value of a body without it, or null for none
     */
    record Presence(boolean required, boolean nullable, Supplier<Object> defaultValue) {
        static final Presence OPTIONAL = new Presence(false, true, null);
    }

    /**
     * One field.
     *
     * @param name the wire name, e.g. {@code metadata_}
     * @param schema the schema of a value sent (null is always allowed: Prefect's fields here are optional)
     * @param column the storage column holding it
     * @param store sets a validated value (or null) on a row
     * @param filter how it is filtered
     * @param shapes the Prefect shapes it belongs to
     * @param presence how it is sent in the action models that say more than "optional, nullable"
     * @param value its value in a view, given the row and the time of the answer
     */
    record Field<R>(String name, Schema schema, Column<R, ?> column, BiConsumer<R, Object> store, Filter filter,
            Set<String> shapes, Map<String, Presence> presence, BiFunction<R, Instant, Object> value) {

        Field<R> in(String shape, Presence p) {
            Map<String, Presence> more = new LinkedHashMap<>(presence);
            more.put(shape, p);
            return new Field<>(name, schema, column, store, filter, shapes, Map.copyOf(more), value);
        }
    }

    /** The {@code operator} of a filter object: how its conditions combine. */
    static final Schema OPERATOR = Schema.oneOf("and_", "or_");

    private final String resource;
    private final List<Field<R>> fields = new ArrayList<>();
    private final Map<String, List<String>> orders = new HashMap<>();
    private final Map<String, List<Order<R>>> sorts = new LinkedHashMap<>();

    /** @param resource the resource's Prefect name, e.g. {@code "Artifact"}, which names the filter models */
    FieldTable(String resource) {
        this.resource = resource;
    }

    /** Adds a field; its order is the order of the views. */
    FieldTable<R> field(String name, Schema schema, Column<R, ?> column, BiConsumer<R, Object> store, Filter filter,
            String... shapes) {
        fields.add(new Field<>(name, schema, column, store, filter, Set.copyOf(Arrays.asList(shapes)), Map.of(),
                column == null ? null : (row, now) -> column.valueIn(row)));
        return this;
    }

    /**
     * Adds a field only the views of {@code shapes} have, computed from the row and the time of
     * the answer (e.g. a run's estimated run time).
     */
    FieldTable<R> viewed(String name, BiFunction<R, Instant, Object> value, String... shapes) {
        fields.add(new Field<>(name, null, null, (row, v) -> { }, Filter.NONE, Set.copyOf(Arrays.asList(shapes)), Map.of(),
                value));
        return this;
    }

    /**
     * Lists the fields of {@code shape} in this order rather than the table's, for a Prefect shape
     * that orders its fields otherwise; the names must be exactly the shape's fields.
     */
    FieldTable<R> order(String shape, String... names) {
        orders.put(shape, List.of(names));
        return this;
    }

    /**
     * Adds a filter that is no field of the rows (a join, a search over several columns): only the
     * filter models of {@code shapes} have it.
     */
    FieldTable<R> filter(String name, Filter filter, String... shapes) {
        return field(name, null, null, (row, v) -> { }, filter, shapes);
    }

    /** Adds the fields {@code part} adds (fields several resources share, e.g. {@link RunFields}). */
    FieldTable<R> with(UnaryOperator<FieldTable<R>> part) {
        return part.apply(this);
    }

    /** Returns a validated list of strings (a value a field's store function receives) as such. */
    @SuppressWarnings("unchecked")
    static List<String> strings(Object value) {
        return (List<String>) value;
    }

    /** Returns a validated object (or null) as a map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** Makes the last field added required in the action models {@code shapes}. */
    FieldTable<R> required(String... shapes) {
        return presence(new Presence(true, false, null), shapes);
    }

    /** Makes the last field added optional but not nullable in the action models {@code shapes}. */
    FieldTable<R> notNull(String... shapes) {
        return presence(new Presence(false, false, null), shapes);
    }

    /** Makes the last field added optional, not nullable, and made by {@code value} when absent, in the action model {@code shape}. */
    FieldTable<R> computed(String shape, Supplier<Object> value) {
        return presence(new Presence(false, false, value), shape);
    }

    /** Makes the last field added optional, not nullable, and {@code value} when absent, in the action model {@code shape}. */
    FieldTable<R> defaulted(String shape, Object value) {
        return presence(new Presence(false, false, () -> value), shape);
    }

    private FieldTable<R> presence(Presence p, String... shapes) {
        int last = fields.size() - 1;
        Field<R> f = fields.get(last);
        for (String shape : shapes) {
            f = f.in(shape, p);
        }
        fields.set(last, f);
        return this;
    }

    /** Adds a value of the resource's sort enum and the order it stands for. */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array only reaches List.of, which copies it
    final FieldTable<R> sort(String value, Order<R>... orders) {
        sorts.put(value, List.of(orders));
        return this;
    }

    /**
     * Returns the action model {@code shape} (e.g. {@code ArtifactCreate}): its fields, each as its
     * {@link Presence} in the shape says (optional and nullable if none does), no others.
     */
    Schema.Model model(String shape) {
        Schema.Model model = Schema.object(shape);
        for (Field<R> f : in(shape)) {
            Presence p = f.presence().getOrDefault(shape, Presence.OPTIONAL);
            Schema schema = p.nullable() ? f.schema().nullable() : f.schema();
            if (p.required()) {
                model.required(f.name(), schema);
            } else if (p.defaultValue() != null) {
                model.optionalComputed(f.name(), schema, p.defaultValue());
            } else {
                model.optional(f.name(), schema);
            }
        }
        return model.forbidExtra();
    }

    /** Stores on {@code row} every field of {@code shape} that {@code body} (validated by {@link #model}) holds. */
    void apply(String shape, Obj body, R row) {
        for (Field<R> f : in(shape)) {
            if (body.has(f.name())) {
                f.store().accept(row, body.raw(f.name()));
            }
        }
    }

    /** Returns {@code row} as the response shape {@code shape}: id, created, updated, then its fields in order. */
    Map<String, Object> view(String shape, R row) {
        return view(shape, row, null);
    }

    /** Returns {@code row} as the response shape {@code shape} answered at {@code now} (which prices computed fields). */
    Map<String, Object> view(String shape, R row, Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", row.id);
        out.put("created", row.created);
        out.put("updated", row.updated);
        for (Field<R> f : in(shape)) {
            out.put(f.name(), f.value().apply(row, now));
        }
        return out;
    }

    /**
     * Returns the filter model {@code shape} (e.g. {@code ArtifactFilter}): an {@code operator}, and
     * for each filterable field of the shape an object of its operators (e.g. {@code ArtifactFilterKey}).
     */
    Schema filterModel(String shape) {
        return filterModel(shape, true);
    }

    /**
     * As {@link #filterModel}, for a Prefect filter model that has no {@code operator} of its own
     * (a {@code PrefectFilterBaseModel}, e.g. {@code BlockTypeFilter}): its conditions all hold.
     */
    Schema plainFilterModel(String shape) {
        return filterModel(shape, false);
    }

    private Schema filterModel(String shape, boolean operated) {
        Schema.Model model = Schema.object(shape);
        if (operated) {
            model.optional("operator", OPERATOR, "and_");
        }
        for (Field<R> f : in(shape)) {
            if (!f.filter().filterable()) {
                continue;
            }
            if (f.filter().model() != null) {
                model.optional(f.name(), f.filter().model().nullable());
                continue;
            }
            Schema.Model ops = Schema.object(shape + camel(f.name()));
            if (f.filter().operated()) {
                ops.optional("operator", OPERATOR, "and_");
            }
            for (Op op : f.filter().ops()) {
                ops.optional(op.key(), opSchema(op, f.filter().element()).nullable());
            }
            model.optional(f.name(), ops.forbidExtra().nullable());
        }
        return model.forbidExtra().nullable();
    }

    /** Returns the storage condition of a filter object validated by {@link #filterModel}; always, for none. */
    @SuppressWarnings("unchecked") // a custom filter's condition is of this table's rows
    Condition<R> condition(String shape, Obj filter) {
        if (filter == null) {
            return Condition.always();
        }
        Filters.Conditions<R> all = new Filters.Conditions<>(filter);
        for (Field<R> f : in(shape)) {
            Obj ops = filter.obj(f.name());
            if (ops == null || !f.filter().filterable()) {
                continue;
            }
            if (f.filter().condition() != null) {
                all.add((Condition<R>) f.filter().condition().apply(ops));
                continue;
            }
            Filters.Conditions<R> mine = new Filters.Conditions<>(f.filter().operated() ? ops : null);
            for (Op op : f.filter().ops()) {
                Object value = ops.raw(op.key());
                if (value != null) {
                    mine.add(condition(op, f.column(), value));
                }
            }
            all.add(mine.build());
        }
        return all.build();
    }

    /** Returns the sort enum of the resource's {@link #sort} values, for a body's {@code sort}. */
    Schema sortSchema() {
        return Schema.oneOf(sorts.keySet().toArray(new String[0]));
    }

    /** Returns the order of a validated {@code sort} value. */
    List<Order<R>> orders(String sort) {
        return sorts.get(sort);
    }

    private List<Field<R>> in(String shape) {
        List<Field<R>> in = fields.stream().filter(f -> f.shapes().contains(shape)).toList();
        List<String> order = orders.get(shape);
        if (order == null) {
            return in;
        }
        Map<String, Field<R>> byName = new LinkedHashMap<>();
        in.forEach(f -> byName.put(f.name(), f));
        if (!byName.keySet().equals(Set.copyOf(order)) || order.size() != byName.size()) {
            throw new IllegalStateException(shape + " is ordered " + order + " but has " + byName.keySet());
        }
        return order.stream().map(byName::get).toList();
    }

    @SuppressWarnings("unchecked")
    private static <R> Condition<R> condition(Op op, Column<R, ?> column, Object value) {
        switch (op) {
            case ANY: return Condition.in(column, (List<?>) value);
            case NOT_ANY: return ((List<?>) value).isEmpty() ? Condition.always() : Condition.notIn(column, (List<?>) value);
            case LIKE: return ((String) value).isEmpty() ? Condition.always()
                    : Condition.contains((Column<R, String>) column, (String) value);
            case EQ: return Condition.in(column, List.of(value));
            case ALL: return Condition.hasAll((Column<R, List<String>>) column, (List<String>) value);
            case ANY_OF: return Condition.hasAny((Column<R, List<String>>) column, (List<String>) value);
            case IS_EMPTY: return Condition.isEmpty((Column<R, List<String>>) column, (Boolean) value);
            case IS_NULL: return Condition.isNull(column, (Boolean) value);
            case STARTS_WITH: return ((List<?>) value).isEmpty() ? Condition.always() : Condition.or(((List<String>) value)
                    .stream().map(prefix -> Condition.startsWithIgnoringCase((Column<R, String>) column, prefix)).toList());
            case BEFORE: return Condition.between((Column<R, Instant>) column, null, (Instant) value);
            case AFTER: return Condition.between((Column<R, Instant>) column, (Instant) value, null);
            default: return Condition.isNull(column, !(Boolean) value);
        }
    }

    private static Schema opSchema(Op op, Schema field) {
        switch (op) {
            case ANY:
            case NOT_ANY:
            case ALL:
            case ANY_OF:
            case STARTS_WITH: return Schema.list(field);
            case LIKE: return Schema.string();
            case EQ:
            case BEFORE:
            case AFTER: return field;
            default: return Schema.bool();
        }
    }

    /** {@code flow_run_id} -> {@code FlowRunId}, as Prefect names its filter models. */
    private static String camel(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("_")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return resource + " fields";
    }
}
