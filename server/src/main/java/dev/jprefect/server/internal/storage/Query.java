package dev.jprefect.server.internal.storage;

import java.util.List;
import java.util.Objects;

/**
 * What a read asks of one table: the rows matching {@code where}, in {@code order} (ties keep
 * insertion order), from {@code offset}, at most {@code limit} of them. A SQL store turns it into
 * {@code SELECT ... WHERE ... ORDER BY ... OFFSET ... LIMIT ...}.
 *
 * @param where the condition rows must meet
 * @param order the sort keys, first key first; empty for insertion order
 * @param offset rows skipped, at least 0
 * @param limit the most rows returned, at least 0; {@link #NO_LIMIT} for all
 * @param <R> the row type
 */
public record Query<R>(Condition<R> where, List<Order<R>> order, long offset, long limit) {
    /** The limit of a query that returns every matching row. */
    public static final long NO_LIMIT = Long.MAX_VALUE;

    public Query {
        Objects.requireNonNull(where, "where");
        order = List.copyOf(order);
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative: " + offset + ", " + limit);
        }
    }

    /** Every row meeting {@code where}, in insertion order. */
    public static <R> Query<R> of(Condition<R> where) {
        return new Query<>(where, List.of(), 0, NO_LIMIT);
    }

    /** Every row, in insertion order. */
    public static <R> Query<R> all() {
        return of(Condition.always());
    }

    /** Returns this query sorted by {@code order}. */
    public Query<R> orderBy(List<Order<R>> orders) {
        return new Query<>(where, orders, offset, limit);
    }

    /** Returns this query with {@code offset} rows skipped and at most {@code limit} returned. */
    public Query<R> page(long skip, long most) {
        return new Query<>(where, order, skip, most);
    }
}
