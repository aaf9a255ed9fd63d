package dev.jprefect.server.internal.models;

import static dev.jprefect.server.internal.models.FieldTable.Op.ALL;
import static dev.jprefect.server.internal.models.FieldTable.Op.ANY;
import static dev.jprefect.server.internal.models.FieldTable.Op.IS_EMPTY;
import static dev.jprefect.server.internal.models.FieldTable.Op.LIKE;

import dev.jprefect.server.internal.models.FieldTable.Filter;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.Column;
import dev.jprefect.server.internal.storage.Order;
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
    /** The longest variable name the schema allows. */
    private static final int MAX_NAME_LENGTH = 255;

    private static final String CREATE = "VariableCreate";
    private static final String UPDATE = "VariableUpdate";
    private static final String VARIABLE = "Variable";
    private static final String FILTER = "VariableFilter";

    /** Prefect's {@code VariableName}: lowercase letters, digits, dashes and underscores, at most 255 characters. */
    private static final Schema NAME = Schema.string().maxLength(MAX_NAME_LENGTH).validator("[a-z0-9_-]*\n?",
            "Variable name must only contain lowercase letters, numbers, and dashes or underscores.");

    /** Every field of a variable, once. */
    static final FieldTable<VariableRow> FIELDS = new FieldTable<VariableRow>(VARIABLE)
            .field("id", Schema.uuid(), Column.id(), (v, x) -> { }, Filter.by(Schema.uuid(), ANY), FILTER)
            .field("name", NAME, VariableRow.NAME, (v, x) -> v.name = x == null ? v.name : (String) x,
                    Filter.by(Schema.string(), ANY, LIKE), CREATE, UPDATE, VARIABLE, FILTER).required(CREATE)
            .field("value", Schema.any(), Column.of("value", v -> v.value), (v, x) -> v.value = x, Filter.NONE,
                    CREATE, UPDATE, VARIABLE).required(CREATE)
            .field("tags", Schema.list(Schema.string()), VariableRow.TAGS, (v, x) -> v.tags = x == null ? v.tags : FieldTable.strings(x),
                    Filter.operated(Schema.string(), ALL, IS_EMPTY), CREATE, UPDATE, VARIABLE, FILTER)
            .defaulted(CREATE, List.of())
            .sort("CREATED_DESC", Order.desc(Column.created()))
            .sort("UPDATED_DESC", Order.desc(Column.updated()))
            .sort("NAME_DESC", Order.desc(VariableRow.NAME))
            .sort("NAME_ASC", Order.asc(VariableRow.NAME));

    /** {@code VariableCreate}. */
    public static final Schema CREATE_BODY = FIELDS.model(CREATE);
    /** {@code VariableUpdate}. */
    public static final Schema UPDATE_BODY = FIELDS.model(UPDATE);
    /** The body of {@code /variables/filter}. */
    public static final Schema FILTER_BODY = Schema.object("Body_read_variables")
            .optional("offset", Schema.integer().atLeast(0), 0L)
            .optional("variables", FIELDS.filterModel(FILTER))
            .optional("sort", FIELDS.sortSchema(), "NAME_ASC")
            .optional("limit", Bodies.LIMIT);
    /** The body of {@code /variables/count}. */
    public static final Schema COUNT_BODY = Schema.object("Body_count_variables")
            .optional("variables", FIELDS.filterModel(FILTER));

    private final Storage storage;
    private final InstantSource clock;
    private final Listing<VariableRow> listing;

    Variables(Storage storage, InstantSource clock) {
        this.storage = storage;
        this.clock = clock;
        this.listing = new Listing<>(storage, clock, VariableRow.TABLE, body -> FIELDS.condition(FILTER, body.obj("variables")),
                FIELDS::orders);
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
            FIELDS.apply(CREATE, body, v);
            tx.table(VariableRow.TABLE).put(v);
            return FIELDS.view(VARIABLE, v);
        });
    }

    public Optional<Map<String, Object>> read(Key key) {
        return storage.read(tx -> find(tx, key).map(v -> FIELDS.view(VARIABLE, v)));
    }

    /** Applies a validated {@code VariableUpdate}; false if there is no such variable. */
    public boolean update(Key key, Obj body) {
        return storage.write(tx -> {
            Optional<VariableRow> found = find(tx, key);
            found.ifPresent(v -> {
                FIELDS.apply(UPDATE, body, v);
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
        return listing.filter(body, limit, (v, now) -> FIELDS.view(VARIABLE, v));
    }

    private static Optional<VariableRow> find(Transaction tx, Key key) {
        if (key instanceof Key.ById byId) {
            return tx.table(VariableRow.TABLE).get(byId.id());
        }
        return tx.table(VariableRow.TABLE).findUnique(VariableRow.BY_NAME, ((Key.ByName) key).name());
    }
}
