package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.Transaction;
import dev.jprefect.server.internal.storage.VariableRow;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Variables, as Prefect's {@code models.variables}: create, read, update and delete by id or by
 * name, list. Names are unique: a taken name is a {@link dev.jprefect.server.internal.storage.ConflictException}.
 */
public final class Variables {
    private final Storage storage;
    private final InstantSource clock;
    private final Listing<VariableRow> listing;

    Variables(Storage storage, InstantSource clock) {
        this.storage = storage;
        this.clock = clock;
        this.listing = new Listing<>(storage, clock, VariableRow.TABLE, body -> Filters.variable(body.obj("variables")),
                Sorts::variables);
    }

    /** Which variable a call means: by id or by name. */
    public sealed interface Key {
        /** The variable with this id. */
        record ById(UUID id) implements Key {
        }

        /** The variable with this name. */
        record ByName(String name) implements Key {
        }
    }

    /** Creates a validated {@code VariableCreate}. */
    public Map<String, Object> create(Obj body) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            VariableRow v = new VariableRow();
            v.id = UUID.randomUUID();
            v.created = now;
            v.updated = now;
            v.name = body.string("name");
            v.value = body.raw("value");
            v.tags = body.list("tags");
            tx.table(VariableRow.TABLE).put(v);
            return Views.variable(v);
        });
    }

    public Optional<Map<String, Object>> read(Key key) {
        return storage.read(tx -> find(tx, key).map(Views::variable));
    }

    /** Applies a validated {@code VariableUpdate}; false if there is no such variable. */
    public boolean update(Key key, Obj body) {
        return storage.write(tx -> {
            Optional<VariableRow> found = find(tx, key);
            found.ifPresent(v -> {
                if (body.string("name") != null) {
                    v.name = body.string("name");
                }
                if (body.has("value")) {
                    v.value = body.raw("value");
                }
                if (body.list("tags") != null) {
                    v.tags = body.list("tags");
                }
                v.updated = clock.instant();
                tx.table(VariableRow.TABLE).put(v);
            });
            return found.isPresent();
        });
    }

    public boolean delete(Key key) {
        return storage.write(tx -> find(tx, key).map(v -> tx.table(VariableRow.TABLE).remove(v.id)).orElse(false));
    }

    public long count(Obj body) {
        return listing.count(body);
    }

    public List<Object> filter(Obj body, int limit) {
        return listing.filter(body, limit, (v, now) -> Views.variable(v));
    }

    private static Optional<VariableRow> find(Transaction tx, Key key) {
        if (key instanceof Key.ById byId) {
            return tx.table(VariableRow.TABLE).get(byId.id());
        }
        return tx.table(VariableRow.TABLE).findUnique(VariableRow.BY_NAME, ((Key.ByName) key).name());
    }
}
