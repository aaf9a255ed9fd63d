package dev.jprefect.server.internal.storage;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored object: an id, when it was created and last updated, and its own fields.
 *
 * <p>A row is a plain mutable value owned by whoever holds it. Tables keep and hand out copies, so
 * a row read from a table is a snapshot, and changing it changes nothing stored until it is put
 * back inside a write transaction.
 *
 * @param <R> the concrete row type
 */
public abstract class Row<R extends Row<R>> {
    public UUID id;
    public Instant created;
    public Instant updated;

    /** Returns a deep copy: no mutable part is shared with this row. */
    public abstract R copy();

    /** Copies the common fields of this row into {@code target} and returns it. */
    protected final R copyBase(R target) {
        Row<R> t = target;
        t.id = id;
        t.created = created;
        t.updated = updated;
        return target;
    }
}
