package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.BlockDocumentRow;
import dev.jprefect.server.internal.storage.BlockSchemaRow;
import dev.jprefect.server.internal.storage.ConfigurationRow;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.Table;
import dev.jprefect.server.internal.storage.Transaction;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The server's default result storage, as Prefect's {@code models.storage_defaults} ({@code /admin/storage}):
 * the block document flows store their results in unless they say otherwise, kept in the server's
 * configuration under {@value #KEY}. Only a document whose schema has the {@code write-path}
 * capability may be it; deleting that document (or its schema or type) clears it.
 */
public final class StorageDefault {
    /** The configuration key, as Prefect's {@code SERVER_DEFAULT_RESULT_STORAGE_CONFIGURATION_KEY}. */
    static final String KEY = "server-default-result-storage";
    private static final String FIELD = "default_result_storage_block_id";
    /** The capability a block must have to store results. */
    private static final String WRITE_PATH = "write-path";

    /** {@code ServerDefaultResultStorageUpdate} (unknown keys ignored, as a {@code PrefectBaseModel}). */
    public static final Schema UPDATE_BODY = Schema.object("ServerDefaultResultStorageUpdate")
            .required(FIELD, Schema.uuid());

    private final Storage storage;
    private final InstantSource clock;

    StorageDefault(Storage storage, InstantSource clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** {@code ServerDefaultResultStorage}: the block document's id, or null when none is set. */
    public Map<String, Object> read() {
        return storage.read(tx -> view(current(tx)));
    }

    /**
     * Makes the block document {@code id} the default result storage.
     *
     * @throws RefusedException 404 if there is no such document, 422 if its schema cannot write paths
     */
    public Map<String, Object> set(UUID id) {
        return storage.write(tx -> {
            BlockDocumentRow document = tx.table(BlockDocumentRow.TABLE).get(id)
                    .orElseThrow(() -> new RefusedException(404, "Block document " + id + " not found."));
            boolean writes = tx.table(BlockSchemaRow.TABLE).get(document.blockSchemaId)
                    .map(s -> s.capabilities.contains(WRITE_PATH)).orElse(false);
            if (!writes) {
                throw new RefusedException(422, "Block document " + id + " cannot be used for result storage.");
            }
            Table<ConfigurationRow> table = tx.table(ConfigurationRow.TABLE);
            ConfigurationRow row = table.findUnique(ConfigurationRow.BY_KEY, KEY).orElseGet(() -> {
                ConfigurationRow fresh = new ConfigurationRow();
                fresh.id = UUID.randomUUID();
                fresh.created = clock.instant();
                fresh.key = KEY;
                return fresh;
            });
            row.updated = clock.instant();
            Map<String, Object> value = new HashMap<>();
            value.put(FIELD, id.toString());
            row.value = Map.copyOf(value);
            table.put(row);
            return view(Optional.of(id));
        });
    }

    /** Clears the default result storage (nothing happens if none is set). */
    public void clear() {
        storage.write(tx -> clear(tx));
    }

    private static boolean clear(Transaction tx) {
        Table<ConfigurationRow> table = tx.table(ConfigurationRow.TABLE);
        return table.findUnique(ConfigurationRow.BY_KEY, KEY).map(row -> table.remove(row.id)).orElse(false);
    }

    /** Clears the default result storage if it is the block document {@code id} (which is being deleted). */
    static void clearIfDocument(Transaction tx, UUID id) {
        if (current(tx).filter(id::equals).isPresent()) {
            clear(tx);
        }
    }

    private static Optional<UUID> current(Transaction tx) {
        return tx.table(ConfigurationRow.TABLE).findUnique(ConfigurationRow.BY_KEY, KEY)
                .map(row -> row.value.get(FIELD))
                .map(v -> UUID.fromString(String.valueOf(v)));
    }

    private static Map<String, Object> view(Optional<UUID> id) {
        Map<String, Object> view = new HashMap<>();
        view.put(FIELD, id.orElse(null));
        return view;
    }
}
