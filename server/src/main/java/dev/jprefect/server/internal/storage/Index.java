package dev.jprefect.server.internal.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A way to reach rows other than by their id: by a key (a flow by its name, the runs of a flow),
 * by each element of a list (runs by tag), or in the order of a column (runs by start time). A
 * unique index is also a constraint: a table refuses a row whose key another row already holds.
 * Rows whose key is null are not in a keyed index; a sorted index holds every row, nulls last.
 *
 * <p>An index made {@linkplain #on on a column} also serves queries: a store answers an
 * {@link Condition.In} on that column, a {@link Condition.Between} or an {@link Order} on a sorted
 * column, and {@link Condition.HasAny}/{@link Condition.HasAll} on an element index from the index
 * instead of reading every row. An index {@linkplain #on(List) on several columns} serves a
 * condition that asks for given values of each of them at once (the runs of a flow in a state),
 * as a database's composite index does. A SQL store makes these its {@code CREATE INDEX}es.
 *
 * @param <R> the row type
 */
public final class Index<R> {

    /** How an index arranges its rows. */
    public enum Kind {
        /** One key per row, looked up by equality. */
        KEY,
        /** One key per element of a list value (tags), looked up by equality. */
        ELEMENTS,
        /** Every row, in the order of one column (nulls last), for ranges and sorts. */
        SORTED
    }

    private final String name;
    private final boolean unique;
    private final Kind kind;
    private final Function<R, Object> key;
    private final List<Column<R, ?>> columns;

    private Index(String name, boolean unique, Kind kind, Function<R, Object> key, List<Column<R, ?>> columns) {
        this.name = name;
        this.unique = unique;
        this.kind = kind;
        this.key = key;
        this.columns = List.copyOf(columns);
    }

    /** An index with at most one row per key (e.g. a composite key); serves lookups, not queries. */
    public static <R> Index<R> unique(String name, Function<R, Object> key) {
        return new Index<>(name, true, Kind.KEY, key, List.of());
    }

    /** An index with any number of rows per key; serves lookups, not queries. */
    public static <R> Index<R> many(String name, Function<R, Object> key) {
        return new Index<>(name, false, Kind.KEY, key, List.of());
    }

    /** An index on the value of {@code column}, any number of rows per value; serves lookups and queries. */
    public static <R> Index<R> on(Column<R, ?> column) {
        return new Index<>(column.name(), false, Kind.KEY, column::valueIn, List.of(column));
    }

    /**
     * An index on the values of several columns together (a row is in it when none of them is
     * null), any number of rows per combination: it serves a condition that is an {@code In} (or a
     * join resolved to values) on each of the columns, such as one flow's runs in one state type.
     */
    public static <R> Index<R> on(List<Column<R, ?>> columns) {
        if (columns.size() < 2) {
            throw new IllegalArgumentException("an index on several columns needs two or more: " + columns);
        }
        List<Column<R, ?>> held = List.copyOf(columns);
        List<String> names = new ArrayList<>();
        held.forEach(c -> names.add(c.name()));
        return new Index<>(String.join(", ", names), false, Kind.KEY, row -> {
            Object[] values = new Object[held.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = held.get(i).valueIn(row);
                if (values[i] == null) {
                    return null;
                }
            }
            return Arrays.asList(values);
        }, held);
    }

    /** An index on the value of {@code column}, at most one row per value: a constraint that serves queries. */
    public static <R> Index<R> uniqueOn(Column<R, ?> column) {
        return new Index<>(column.name(), true, Kind.KEY, column::valueIn, List.of(column));
    }

    /** An index on each element of the list in {@code column} (tags). */
    public static <R> Index<R> onElements(Column<R, ? extends List<?>> column) {
        return new Index<>(column.name() + "[]", false, Kind.ELEMENTS, column::valueIn, List.of(column));
    }

    /** Every row in the order of {@code column} (nulls last), for its ranges and sorts. */
    public static <R> Index<R> sorted(Column<R, ?> column) {
        return new Index<>(column.name() + " order", false, Kind.SORTED, column::valueIn, List.of(column));
    }

    public String name() {
        return name;
    }

    public boolean isUnique() {
        return unique;
    }

    public Kind kind() {
        return kind;
    }

    /** Returns the column this index is on, or null for an index on several columns or on a key function. */
    public Column<R, ?> column() {
        return columns.size() == 1 ? columns.get(0) : null;
    }

    /** Returns the columns this index is on, in order: none for an index on a key function. */
    public List<Column<R, ?>> columns() {
        return columns;
    }

    /** Returns the key of {@code row} in this index (a list, for an element index), or null if it has none. */
    public Object keyOf(R row) {
        return key.apply(row);
    }

    @Override
    public String toString() {
        return name;
    }
}
