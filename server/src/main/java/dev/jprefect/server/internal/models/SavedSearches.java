package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.models.FieldTable.Filter;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.Column;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.SavedSearchRow;
import dev.jprefect.server.internal.storage.Storage;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Saved searches, as Prefect's {@code models.saved_searches}: the UI's named filter sets. Saving
 * is an upsert by name (a name saved again gets the new filters and keeps its id and times, as
 * Prefect's {@code ON CONFLICT (name) DO UPDATE SET filters}); read and delete by id; list by name.
 */
public final class SavedSearches {
    private static final String CREATE = "SavedSearchCreate";
    private static final String SAVED_SEARCH = "SavedSearch";
    /** The one order of the listing (Prefect's body has no {@code sort}). */
    private static final String BY_NAME = "NAME_ASC";

    /** Prefect's {@code SavedSearchFilter}: every field required, unknown keys ignored. */
    private static final Schema SAVED_SEARCH_FILTER = Schema.object("SavedSearchFilter")
            .required("object", Schema.string())
            .required("property", Schema.string())
            .required("type", Schema.string())
            .required("operation", Schema.string())
            .required("value", Schema.any());

    /** Every field of a saved search, once. */
    static final FieldTable<SavedSearchRow> FIELDS = new FieldTable<SavedSearchRow>(SAVED_SEARCH)
            .field("name", Schema.string(), SavedSearchRow.NAME, (s, v) -> s.name = (String) v, Filter.NONE,
                    CREATE, SAVED_SEARCH).required(CREATE)
            .field("filters", Schema.list(SAVED_SEARCH_FILTER), Column.of("filters", s -> s.filters),
                    (s, v) -> s.filters = list(v), Filter.NONE, CREATE, SAVED_SEARCH)
            .defaulted(CREATE, List.of())
            .sort(BY_NAME, Order.asc(SavedSearchRow.NAME));

    /** {@code SavedSearchCreate}. */
    public static final Schema CREATE_BODY = FIELDS.model(CREATE);
    /** The body of {@code /saved_searches/filter}: a page of them, by name. */
    public static final Schema FILTER_BODY = Schema.object("Body_read_saved_searches_saved_searches_filter_post")
            .optional("offset", Schema.integer().atLeast(0), 0L)
            .optional("limit", Bodies.LIMIT);

    private final Storage storage;
    private final InstantSource clock;
    private final Listing<SavedSearchRow> listing;

    SavedSearches(Storage storage, InstantSource clock) {
        this.storage = storage;
        this.clock = clock;
        this.listing = new Listing<>(storage, clock, SavedSearchRow.TABLE, body -> Condition.always(),
                sort -> FIELDS.orders(BY_NAME));
    }

    /** Saves a validated {@code SavedSearchCreate}: created if its name is new, else its filters replaced. */
    public Written save(Obj body) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            var table = tx.table(SavedSearchRow.TABLE);
            Optional<SavedSearchRow> existing = table.findUnique(SavedSearchRow.BY_NAME, body.string("name"));
            SavedSearchRow s = existing.orElseGet(() -> {
                SavedSearchRow fresh = new SavedSearchRow();
                fresh.id = UUID.randomUUID();
                fresh.created = now;
                fresh.updated = now;
                return fresh;
            });
            FIELDS.apply(CREATE, body, s);
            table.put(s);
            return new Written(FIELDS.view(SAVED_SEARCH, s), existing.isEmpty());
        });
    }

    public Optional<Map<String, Object>> read(UUID id) {
        return storage.read(tx -> tx.table(SavedSearchRow.TABLE).get(id).map(s -> FIELDS.view(SAVED_SEARCH, s)));
    }

    /** Deletes the saved search {@code id}; false if there is none. */
    public boolean delete(UUID id) {
        return storage.write(tx -> tx.table(SavedSearchRow.TABLE).remove(id));
    }

    /** Returns a page of saved searches, by name, from the body's {@code offset}, at most {@code limit}. */
    public List<Object> filter(Obj body, int limit) {
        return listing.filter(body, limit, (s, now) -> FIELDS.view(SAVED_SEARCH, s));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object validated) {
        return (List<Object>) validated;
    }
}
