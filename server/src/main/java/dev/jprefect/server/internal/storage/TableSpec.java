package dev.jprefect.server.internal.storage;

import java.util.List;
import java.util.Objects;

/**
 * The declaration of one table: its name, the row type, and the indexes a store keeps for it (a
 * unique index is also a constraint). Each row class declares its table(s) as a public static
 * constant, e.g. {@code FlowRow.TABLE} (a database store finds a table's indexes there, by name);
 * a store creates the table the first time a transaction asks for it, so a new resource needs no
 * change to {@link Storage} or {@link Transaction}, nor a schema migration.
 *
 * @param name the table name, e.g. {@code "flow_run"}; unique within a store
 * @param indexes the indexes besides the id
 * @param <R> the row type
 */
public record TableSpec<R>(String name, List<Index<R>> indexes) {

    public TableSpec {
        Objects.requireNonNull(name, "name");
        indexes = List.copyOf(indexes);
    }

    /** A table named {@code name} with {@code indexes}. */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array only reaches List.of, which copies it
    public static <R> TableSpec<R> of(String name, Index<R>... indexes) {
        return new TableSpec<>(name, List.of(indexes));
    }

    @Override
    public String toString() {
        return name;
    }
}
