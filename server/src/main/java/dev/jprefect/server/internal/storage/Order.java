package dev.jprefect.server.internal.storage;

import java.util.Comparator;
import java.util.List;

/**
 * One key of a sort: a column, ascending or descending, with PostgreSQL's placement of nulls (last
 * when ascending, first when descending). UUIDs compare as their text, as the database compares them.
 *
 * @param column the column sorted on
 * @param descending whether larger values come first
 * @param <R> the row type
 */
public record Order<R>(Column<R, ?> column, boolean descending) {

    /** Ascending on {@code column}, nulls last. */
    public static <R> Order<R> asc(Column<R, ?> column) {
        return new Order<>(column, false);
    }

    /** Descending on {@code column}, nulls first. */
    public static <R> Order<R> desc(Column<R, ?> column) {
        return new Order<>(column, true);
    }

    /** Returns the comparator of {@code orders} in turn (the in-memory reading of an ORDER BY). */
    public static <R> Comparator<R> comparator(List<Order<R>> orders) {
        Comparator<R> all = (a, b) -> 0;
        for (Order<R> order : orders) {
            all = all.thenComparing(order.comparator());
        }
        return all;
    }

    private Comparator<R> comparator() {
        // nulls last ascending; reversed, nulls first descending (PostgreSQL's default placement)
        Comparator<R> ascending = (a, b) -> Values.compareNullsLast(column.valueIn(a), column.valueIn(b));
        return descending ? ascending.reversed() : ascending;
    }
}
