package dev.jprefect.server.internal.storage;

import java.util.function.Function;

/**
 * A way to look rows up by something other than their id, e.g. a flow by its name. A unique index
 * is also a constraint: a table refuses a row whose key another row already holds. Rows whose key
 * is null are not indexed.
 *
 * @param <R> the row type
 */
public final class Index<R> {
    private final String name;
    private final boolean unique;
    private final Function<R, Object> key;

    private Index(String name, boolean unique, Function<R, Object> key) {
        this.name = name;
        this.unique = unique;
        this.key = key;
    }

    /** An index with at most one row per key. */
    public static <R> Index<R> unique(String name, Function<R, Object> key) {
        return new Index<>(name, true, key);
    }

    /** An index with any number of rows per key. */
    public static <R> Index<R> many(String name, Function<R, Object> key) {
        return new Index<>(name, false, key);
    }

    public String name() {
        return name;
    }

    public boolean isUnique() {
        return unique;
    }

    /** Returns the key of {@code row} in this index, or null if the row is not indexed. */
    public Object keyOf(R row) {
        return key.apply(row);
    }

    @Override
    public String toString() {
        return name;
    }
}
