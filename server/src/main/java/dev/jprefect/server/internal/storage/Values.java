package dev.jprefect.server.internal.storage;

import java.util.UUID;

/** How stores compare column values: naturally, UUIDs as their text (as a database compares them). */
final class Values {
    private Values() {
    }

    /**
     * Compares two non-null values of one column. UUIDs compare as their canonical text would, which
     * is the unsigned order of their two halves (fixed-width lowercase hex), without making the text.
     */
    @SuppressWarnings("unchecked")
    static int compare(Object a, Object b) {
        if (a instanceof UUID x && b instanceof UUID y) {
            int c = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
            return c != 0 ? c : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
        }
        return ((Comparable<Object>) a).compareTo(b);
    }

    /** Compares two values of one column, either null; nulls come after every value. */
    static int compareNullsLast(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return compare(a, b);
    }
}
