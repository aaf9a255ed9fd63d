package dev.jprefect.server.internal.models;

import static dev.jprefect.server.internal.models.FieldTable.Op.ANY;
import static dev.jprefect.server.internal.models.FieldTable.Op.EXISTS;
import static dev.jprefect.server.internal.models.FieldTable.Op.LIKE;
import static dev.jprefect.server.internal.models.FieldTable.Op.NOT_ANY;

import dev.jprefect.server.internal.models.FieldTable.Filter;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.ArtifactRow;
import dev.jprefect.server.internal.storage.Column;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.Query;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.Table;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Artifacts, as Prefect's {@code models.artifacts}: create, read, update, delete, list; and the
 * keyed-artifact versions: each key's latest artifact is kept in the artifact collection (Prefect's
 * {@code artifact_collection} table), replaced by every new artifact of the key, and handed back to
 * the previous version when the latest is deleted.
 */
public final class Artifacts {
    /** Prefect's {@code metadata_} values are cut to this many characters, then {@code "..."}. */
    static final int MAX_METADATA_VALUE_LENGTH = 500;

    private static final String CREATE = "ArtifactCreate";
    private static final String UPDATE = "ArtifactUpdate";
    private static final String ARTIFACT = "Artifact";
    private static final String COLLECTION = "ArtifactCollection";
    private static final String FILTER = "ArtifactFilter";
    private static final String COLLECTION_FILTER = "ArtifactCollectionFilter";

    private static final Column<ArtifactRow, String> KEY = Column.of("key", a -> a.key);
    static final Column<ArtifactRow, UUID> FLOW_RUN_ID = Column.of("flow_run_id", a -> a.flowRunId);
    private static final Column<ArtifactRow, UUID> TASK_RUN_ID = Column.of("task_run_id", a -> a.taskRunId);

    /** Every field of artifacts and their collection, once. */
    static final FieldTable<ArtifactRow> FIELDS = new FieldTable<ArtifactRow>(ARTIFACT)
            .field("id", Schema.uuid(), Column.id(), (a, v) -> { }, Filter.by(Schema.uuid(), ANY), FILTER)
            .field("key", Schema.string().validator("[a-z0-9-]*\n?",
                    "Artifact key must only contain lowercase letters, numbers, and dashes."), KEY,
                    (a, v) -> a.key = (String) v, Filter.by(Schema.string(), ANY, LIKE, EXISTS),
                    CREATE, ARTIFACT, COLLECTION, FILTER, COLLECTION_FILTER)
            .field("latest_id", Schema.uuid(), Column.of("latest_id", a -> a.latestId), (a, v) -> a.latestId = (UUID) v,
                    Filter.by(Schema.uuid(), ANY), COLLECTION, COLLECTION_FILTER)
            .field("type", Schema.string(), Column.of("type", a -> a.type), (a, v) -> a.type = (String) v,
                    Filter.by(Schema.string(), ANY, NOT_ANY), CREATE, ARTIFACT, COLLECTION, FILTER, COLLECTION_FILTER)
            .field("description", Schema.string(), Column.of("description", a -> a.description),
                    (a, v) -> a.description = (String) v, Filter.NONE, CREATE, UPDATE, ARTIFACT, COLLECTION)
            .field("data", Schema.any(), Column.of("data", a -> a.data), (a, v) -> a.data = v, Filter.NONE,
                    CREATE, UPDATE, ARTIFACT, COLLECTION)
            .field("metadata_", Schema.dict(Schema.string()), Column.of("metadata_", a -> a.metadata),
                    (a, v) -> a.metadata = truncated(v), Filter.NONE, CREATE, UPDATE, ARTIFACT, COLLECTION)
            .field("flow_run_id", Schema.uuid(), FLOW_RUN_ID, (a, v) -> a.flowRunId = (UUID) v,
                    Filter.by(Schema.uuid(), ANY), CREATE, ARTIFACT, COLLECTION, FILTER, COLLECTION_FILTER)
            .field("task_run_id", Schema.uuid(), TASK_RUN_ID, (a, v) -> a.taskRunId = (UUID) v,
                    Filter.by(Schema.uuid(), ANY), CREATE, ARTIFACT, COLLECTION, FILTER, COLLECTION_FILTER)
            .sort("CREATED_DESC", Order.desc(Column.created()))
            .sort("UPDATED_DESC", Order.desc(Column.updated()))
            .sort("ID_DESC", Order.desc(Column.id()))
            .sort("KEY_DESC", Order.desc(KEY))
            .sort("KEY_ASC", Order.asc(KEY));

    /** {@code ArtifactCreate}. */
    public static final Schema CREATE_BODY = FIELDS.model(CREATE);
    /** {@code ArtifactUpdate}. */
    public static final Schema UPDATE_BODY = FIELDS.model(UPDATE);
    /** The body of {@code /artifacts/filter}. */
    public static final Schema FILTER_BODY = listBody("Body_read_artifacts", FILTER, true);
    /** The body of {@code /artifacts/count}. */
    public static final Schema COUNT_BODY = listBody("Body_count_artifacts", FILTER, false);
    /** The body of {@code /artifacts/latest/filter}. */
    public static final Schema LATEST_FILTER_BODY = listBody("Body_read_latest_artifacts", COLLECTION_FILTER, true);
    /** The body of {@code /artifacts/latest/count}. */
    public static final Schema LATEST_COUNT_BODY = listBody("Body_count_latest_artifacts", COLLECTION_FILTER, false);

    private final Storage storage;
    private final InstantSource clock;
    private final Listing<ArtifactRow> artifacts;
    private final Listing<ArtifactRow> latest;

    Artifacts(Storage storage, InstantSource clock) {
        this.storage = storage;
        this.clock = clock;
        this.artifacts = new Listing<>(storage, clock, ArtifactRow.TABLE, body -> query(FILTER, body), FIELDS::orders);
        this.latest = new Listing<>(storage, clock, ArtifactRow.COLLECTION, body -> query(COLLECTION_FILTER, body),
                FIELDS::orders);
    }

    /** A read or count body: the artifact filter, the run and flow filters it joins, and for reads sort and page. */
    private static Schema listBody(String name, String filter, boolean read) {
        Schema.Model body = Schema.object(name);
        if (read) {
            body.optional("sort", FIELDS.sortSchema(), "ID_DESC").optional("offset", Schema.integer().atLeast(0), 0L);
        }
        Filters.withFilters(body.optional("artifacts", FIELDS.filterModel(filter)),
                "flow_runs", "task_runs", "flows", "deployments");
        return read ? body.optional("limit", Bodies.LIMIT) : body;
    }

    /**
     * The artifacts a body selects: its own filter, and those of the run it names (its flow run's, of
     * a matching flow and deployment; its task run's), as Prefect joins them.
     */
    private static Condition<ArtifactRow> query(String filter, Obj body) {
        return Condition.and(FIELDS.condition(filter, body.obj("artifacts")), Filters.ofFlowRun(FLOW_RUN_ID, body),
                Filters.ofDeployment(FLOW_RUN_ID, body), Filters.ofTaskRun(TASK_RUN_ID, body));
    }

    /** Creates a validated {@code ArtifactCreate}; a keyed one becomes its key's latest version. */
    public Map<String, Object> create(Obj body) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            ArtifactRow artifact = new ArtifactRow();
            artifact.id = UUID.randomUUID();
            artifact.created = now;
            artifact.updated = now;
            FIELDS.apply(CREATE, body, artifact);
            if (artifact.key != null) {
                Table<ArtifactRow> collection = tx.table(ArtifactRow.COLLECTION);
                ArtifactRow latest = collection.findUnique(ArtifactRow.BY_UNIQUE_KEY, artifact.key).orElseGet(() -> {
                    ArtifactRow first = new ArtifactRow();
                    first.id = UUID.randomUUID();
                    first.created = now;
                    return first;
                });
                copyContent(artifact, latest);
                latest.latestId = artifact.id;
                latest.updated = now;
                collection.put(latest);
            }
            tx.table(ArtifactRow.TABLE).put(artifact);
            return FIELDS.view(ARTIFACT, artifact);
        });
    }

    public Optional<Map<String, Object>> read(UUID id) {
        return storage.read(tx -> tx.table(ArtifactRow.TABLE).get(id).map(a -> FIELDS.view(ARTIFACT, a)));
    }

    /** Returns the latest artifact of {@code key}, as Prefect answers it: the collection row, as an {@code Artifact}. */
    public Optional<Map<String, Object>> readLatest(String key) {
        return storage.read(tx -> tx.table(ArtifactRow.COLLECTION).findUnique(ArtifactRow.BY_UNIQUE_KEY, key)
                .map(c -> FIELDS.view(ARTIFACT, c)));
    }

    /**
     * Applies a validated {@code ArtifactUpdate} to the artifact {@code id}, and to its key's
     * collection row if it is the latest; false if there is no such artifact.
     */
    public boolean update(UUID id, Obj body) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            boolean found = false;
            Table<ArtifactRow> table = tx.table(ArtifactRow.TABLE);
            Table<ArtifactRow> collection = tx.table(ArtifactRow.COLLECTION);
            List<ArtifactRow> rows = new java.util.ArrayList<>();
            table.getForUpdate(id).ifPresent(rows::add);
            int artifacts = rows.size();
            rows.addAll(collection.find(Query.of(Condition.in(Column.of("latest_id", (ArtifactRow a) -> a.latestId), List.of(id)))));
            for (int i = 0; i < rows.size(); i++) {
                ArtifactRow row = rows.get(i);
                FIELDS.apply(UPDATE, body, row);
                row.updated = now;
                (i < artifacts ? table : collection).put(row);
                found = true;
            }
            return found;
        });
    }

    /**
     * Deletes the artifact {@code id}; if it is its key's latest version, the next latest (the
     * newest remaining of the key) takes its place in the collection, or the key leaves the
     * collection with it. False if there is no such artifact.
     */
    public boolean delete(UUID id) {
        return storage.write(tx -> {
            Table<ArtifactRow> table = tx.table(ArtifactRow.TABLE);
            Optional<ArtifactRow> found = table.get(id);
            if (found.isEmpty()) {
                return false;
            }
            String key = found.get().key;
            Table<ArtifactRow> collection = tx.table(ArtifactRow.COLLECTION);
            Optional<ArtifactRow> latest = key == null ? Optional.empty()
                    : collection.findUnique(ArtifactRow.BY_UNIQUE_KEY, key).filter(c -> id.equals(c.latestId));
            if (latest.isPresent()) {
                ArtifactRow next = null;
                for (ArtifactRow candidate : table.findAll(ArtifactRow.BY_KEY, key)) {
                    if (!candidate.id.equals(id) && (next == null || !candidate.created.isBefore(next.created))) {
                        next = candidate;
                    }
                }
                ArtifactRow c = latest.get();
                if (next == null) {
                    collection.remove(c.id);
                } else {
                    copyContent(next, c);
                    c.latestId = next.id;
                    c.created = next.created;
                    c.updated = next.updated;
                    collection.put(c);
                }
            }
            return table.remove(id);
        });
    }

    public long count(Obj body) {
        return artifacts.count(body);
    }

    public List<Object> filter(Obj body, int limit) {
        return artifacts.filter(body, limit, (a, now) -> FIELDS.view(ARTIFACT, a));
    }

    /** Counts the latest artifacts (collection rows) a body selects. */
    public long countLatest(Obj body) {
        return latest.count(body);
    }

    /** Returns the latest artifacts (collection rows) a body selects, as {@code ArtifactCollection}s. */
    public List<Object> filterLatest(Obj body, int limit) {
        return latest.filter(body, limit, (a, now) -> FIELDS.view(COLLECTION, a));
    }

    private static void copyContent(ArtifactRow from, ArtifactRow to) {
        to.key = from.key;
        to.type = from.type;
        to.description = from.description;
        to.data = from.data;
        to.metadata = from.metadata;
        to.flowRunId = from.flowRunId;
        to.taskRunId = from.taskRunId;
    }

    /** Metadata values cut to {@link #MAX_METADATA_VALUE_LENGTH} characters plus {@code "..."}, as Prefect stores them. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> truncated(Object metadata) {
        if (metadata == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<String, Object>) metadata).forEach((k, v) -> {
            String s = (String) v;
            out.put(k, s.length() > MAX_METADATA_VALUE_LENGTH ? s.substring(0, MAX_METADATA_VALUE_LENGTH) + "..." : s);
        });
        return Collections.unmodifiableMap(out);
    }
}
