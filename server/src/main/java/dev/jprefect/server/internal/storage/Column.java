package dev.jprefect.server.internal.storage;

import java.util.Objects;
import java.util.function.Function;

/**
 * One queryable column of a table: its name (the column of a SQL store, e.g. {@code flow_version})
 * and how the in-memory store reads it from a row. Conditions ({@link Condition}) and orders
 * ({@link Order}) are written against columns, so a store can translate them to an index lookup
 * or SQL instead of evaluating them row by row.
 *
 * <p>A column whose value is a list (tags) is compared element-wise by the list conditions. A
 * derived column (e.g. {@code coalesce(start_time, expected_start_time)}) names the SQL expression
 * it stands for.
 *
 * @param <R> the row type
 * @param <V> the value type
 */
public final class Column<R, V> {
    private final String name;
    private final Function<? super R, V> read;

    private Column(String name, Function<? super R, V> read) {
        this.name = Objects.requireNonNull(name, "name");
        this.read = Objects.requireNonNull(read, "read");
    }

    /** A column named {@code name} whose value in a row is {@code read(row)}. */
    public static <R, V> Column<R, V> of(String name, Function<? super R, V> read) {
        return new Column<>(name, read);
    }

    /** The id of any row. */
    public static <R extends Row<?>> Column<R, java.util.UUID> id() {
        return new Column<R, java.util.UUID>("id", (R r) -> r.id);
    }

    /** When any row was created. */
    public static <R extends Row<?>> Column<R, java.time.Instant> created() {
        return new Column<R, java.time.Instant>("created", (R r) -> r.created);
    }

    /** When any row was last updated. */
    public static <R extends Row<?>> Column<R, java.time.Instant> updated() {
        return new Column<R, java.time.Instant>("updated", (R r) -> r.updated);
    }

    /** Returns the column name (or, for a derived column, the SQL expression). */
    public String name() {
        return name;
    }

    /** Returns the value of this column in {@code row}; may be null. */
    public V valueIn(R row) {
        return read.apply(row);
    }

    @Override
    public String toString() {
        return name;
    }
}
