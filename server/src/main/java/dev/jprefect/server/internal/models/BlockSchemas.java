package dev.jprefect.server.internal.models;

import static dev.jprefect.server.internal.models.FieldTable.Op.ANY;

import dev.jprefect.server.internal.models.FieldTable.Filter;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.BlockDocumentRow;
import dev.jprefect.server.internal.storage.BlockSchemaReferenceRow;
import dev.jprefect.server.internal.storage.BlockSchemaRow;
import dev.jprefect.server.internal.storage.BlockTypeRow;
import dev.jprefect.server.internal.storage.Column;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.Query;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.Table;
import dev.jprefect.server.internal.storage.Transaction;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Block schemas, as Prefect's {@code models.block_schemas} and its routes: create (found again by
 * its checksum and version instead when it exists; the schemas of nested blocks that its
 * {@code block_schema_references} name are registered from its {@code definitions} when missing),
 * read by id or by checksum (the newest of a version), list (newest first), delete (not of a
 * protected type; its documents go with it), and the capabilities of all schemas.
 *
 * <p>A schema's fields are stored as Prefect stores them and rebuilt as Prefect rebuilds them on
 * every read: {@code block_schema_references} from the references, and the definitions of nested
 * blocks from the referenced schemas (by their {@code title}).
 */
public final class BlockSchemas {
    private static final String CREATE = "BlockSchemaCreate";
    private static final String BLOCK_SCHEMA = "BlockSchema";
    static final String FILTER = "BlockSchemaFilter";
    /** Prefect's {@code DEFAULT_BLOCK_SCHEMA_VERSION}. */
    static final String DEFAULT_VERSION = "non-versioned";

    private static final Column<BlockSchemaRow, Map<String, Object>> FIELDS_COLUMN = Column.of("fields", s -> s.fields);

    /** {@code BlockSchemaFilterCapabilities}: schemas with every one of these capabilities (none: all). */
    private static final Schema.Model CAPABILITIES_FILTER = Schema.object("BlockSchemaFilterCapabilities")
            .optional("all_", Schema.list(Schema.string()).nullable()).forbidExtra();

    /** Every field of a block schema, once. */
    static final FieldTable<BlockSchemaRow> FIELDS = new FieldTable<BlockSchemaRow>(BLOCK_SCHEMA)
            .field("block_type_id", Schema.uuid(), BlockSchemaRow.BLOCK_TYPE_ID, (s, v) -> s.blockTypeId = (UUID) v,
                    Filter.by(Schema.uuid(), ANY), FILTER)
            .filter("block_capabilities", Filter.custom(CAPABILITIES_FILTER, f -> {
                List<String> all = f.list("all_");
                return all == null || all.isEmpty() ? Condition.always() : Condition.hasAll(BlockSchemaRow.CAPABILITIES, all);
            }), FILTER)
            .field("id", Schema.uuid(), Column.id(), (s, v) -> { }, Filter.by(Schema.uuid(), ANY), FILTER)
            .field("checksum", Schema.string(), BlockSchemaRow.CHECKSUM, (s, v) -> s.checksum = (String) v, Filter.NONE,
                    BLOCK_SCHEMA)
            .field("fields", Schema.dict(Schema.any()), FIELDS_COLUMN, (s, v) -> s.fields = FieldTable.map(v), Filter.NONE,
                    CREATE, BLOCK_SCHEMA).defaulted(CREATE, Map.of())
            .field("block_type_id", Schema.uuid(), BlockSchemaRow.BLOCK_TYPE_ID, (s, v) -> s.blockTypeId = (UUID) v,
                    Filter.NONE, CREATE, BLOCK_SCHEMA).required(CREATE)
            .viewed("block_type", (s, now) -> null, BLOCK_SCHEMA) // the type's view, set with the transaction
            .field("capabilities", Schema.list(Schema.string()), BlockSchemaRow.CAPABILITIES,
                    (s, v) -> s.capabilities = FieldTable.strings(v), Filter.NONE, CREATE, BLOCK_SCHEMA)
            .defaulted(CREATE, List.of())
            .field("version", Schema.string(), BlockSchemaRow.VERSION, (s, v) -> s.version = (String) v,
                    Filter.by(Schema.string(), ANY), CREATE, BLOCK_SCHEMA, FILTER).defaulted(CREATE, DEFAULT_VERSION)
            .sort("CREATED_DESC", Order.desc(Column.created()));

    /** {@code BlockSchemaCreate}. */
    public static final Schema CREATE_BODY = FIELDS.model(CREATE);
    /** {@code BlockSchemaFilter}. */
    static final Schema FILTER_MODEL = FIELDS.filterModel(FILTER);
    /** The body of {@code /block_schemas/filter}: newest first, a page. */
    public static final Schema FILTER_BODY = Schema.object("Body_read_block_schemas_block_schemas_filter_post")
            .optional("block_schemas", FILTER_MODEL)
            .optional("limit", Bodies.LIMIT)
            .optional("offset", Schema.integer().atLeast(0), 0L);

    private final Storage storage;
    private final InstantSource clock;
    private final Listing<BlockSchemaRow> listing;

    BlockSchemas(Storage storage, InstantSource clock) {
        this.storage = storage;
        this.clock = clock;
        this.listing = new Listing<>(storage, clock, BlockSchemaRow.TABLE,
                body -> FIELDS.condition(FILTER, body.obj("block_schemas")), sort -> FIELDS.orders("CREATED_DESC"));
    }

    /**
     * Creates a validated {@code BlockSchemaCreate}, or finds the schema of its checksum and version.
     *
     * @throws RefusedException 404 if its block type does not exist; 409 if a nested block's type
     *     does not, or its schema can be neither found nor made from the definitions
     */
    public Written create(Obj body) {
        UUID typeId = body.uuid("block_type_id");
        Map<String, Object> fields = body.map("fields");
        String version = body.string("version");
        return storage.write(tx -> {
            if (tx.table(BlockTypeRow.TABLE).get(typeId).isEmpty()) {
                throw new RefusedException(404, "Block type " + typeId + " not found.");
            }
            Optional<BlockSchemaRow> existing = byChecksum(tx, BlockChecksums.checksum(fields), version);
            if (existing.isPresent()) {
                return new Written(view(tx, existing.get()), false);
            }
            return new Written(create(tx, fields, typeId, body.list("capabilities"), version, null), true);
        });
    }

    /**
     * Prefect's {@code create_block_schema}: the schema of {@code sentFields} (with {@code rootDefinitions}
     * in place of its own definitions, for a nested block's), or the one of its checksum and version.
     */
    private Map<String, Object> create(Transaction tx, Map<String, Object> sentFields, UUID typeId,
            List<String> capabilities, String version, Object rootDefinitions) {
        Map<String, Object> fields = new LinkedHashMap<>(sentFields);
        Object definitions = BlockChecksums.truthy(rootDefinitions) ? rootDefinitions : fields.get("definitions");
        if (BlockChecksums.truthy(definitions)) {
            fields.put("definitions", definitions);
        }
        String checksum = BlockChecksums.checksum(fields);
        Optional<BlockSchemaRow> existing = byChecksum(tx, checksum, version);
        if (existing.isPresent()) {
            return view(tx, existing.get());
        }
        if (BlockChecksums.truthy(definitions) && definitions instanceof Map<?, ?> all) {
            Map<String, Object> nonBlock = BlockChecksums.nonBlockDefinitions(fields, FieldTable.map(all));
            if (nonBlock.isEmpty()) {
                fields.remove("definitions"); // nested blocks' definitions are rebuilt on read
            } else {
                fields.put("definitions", nonBlock);
            }
        }
        Object references = fields.containsKey("block_schema_references") ? fields.remove("block_schema_references") : Map.of();
        BlockSchemaRow s = new BlockSchemaRow();
        s.id = UUID.randomUUID();
        s.created = clock.instant();
        s.updated = s.created;
        s.checksum = checksum;
        s.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        s.capabilities = capabilities;
        s.version = version;
        s.blockTypeId = typeId;
        tx.table(BlockSchemaRow.TABLE).put(s);
        registerNested(tx, s.id, references, fields, definitions);
        Map<String, Object> view = FIELDS.view(BLOCK_SCHEMA, s);
        Map<String, Object> answered = new LinkedHashMap<>(s.fields);
        answered.put("block_schema_references", references);
        if (definitions != null) {
            answered.put("definitions", definitions);
        }
        view.put("fields", answered);
        view.put("block_type", BlockTypes.view(tx, typeId));
        return view;
    }

    /** Prefect's {@code _register_nested_block_schemas}: each nested block's schema, found or made, referenced from the parent. */
    private void registerNested(Transaction tx, UUID parentId, Object references, Map<String, Object> baseFields,
            Object definitions) {
        if (!(references instanceof Map<?, ?> byName)) {
            throw new RefusedException(409, "block_schema_references must be an object");
        }
        for (Map.Entry<?, ?> e : byName.entrySet()) {
            String name = String.valueOf(e.getKey());
            List<?> entries = e.getValue() instanceof List<?> list ? list : List.of(e.getValue() == null ? Map.of() : e.getValue());
            for (Object entry : entries) {
                Map<String, Object> reference = entry instanceof Map<?, ?> m ? FieldTable.map(m) : Map.of();
                String slug = String.valueOf(reference.get("block_type_slug"));
                BlockTypeRow type = BlockTypes.bySlug(tx, slug).orElseThrow(() -> new RefusedException(409,
                        "Cannot create block schema because block type " + BlockChecksums.repr(slug)
                                + " was not found.Did you forget to register the block type?"));
                Object checksum = reference.get("block_schema_checksum");
                UUID childId = checksum instanceof String c ? byChecksum(tx, c, null).map(r -> r.id).orElse(null) : null;
                if (childId == null) {
                    if (definitions == null) {
                        throw new RefusedException(409, "Unable to create nested block schema due to missing"
                                + " definitions in root block schema fields");
                    }
                    Map<String, Object> childFields = fieldsForChild(definitions, baseFields, name, type);
                    if (childFields == null) {
                        throw new RefusedException(409, "Unable to create nested block schema for block type "
                                + BlockChecksums.repr(type.name) + " due to missing definition.");
                    }
                    childId = (UUID) create(tx, childFields, type.id, List.of(), DEFAULT_VERSION, definitions).get("id");
                }
                addReference(tx, parentId, childId, name, clock.instant());
            }
        }
    }

    private static void addReference(Transaction tx, UUID parentId, UUID childId, String name, Instant now) {
        Table<BlockSchemaReferenceRow> references = tx.table(BlockSchemaReferenceRow.TABLE);
        for (BlockSchemaReferenceRow r : references.findAll(BlockSchemaReferenceRow.BY_PARENT, parentId)) {
            if (r.name.equals(name) && r.referenceBlockSchemaId.equals(childId)) {
                return;
            }
        }
        BlockSchemaReferenceRow r = new BlockSchemaReferenceRow();
        r.id = UUID.randomUUID();
        r.created = now;
        r.updated = r.created;
        r.name = name;
        r.parentBlockSchemaId = parentId;
        r.referenceBlockSchemaId = childId;
        references.put(r);
    }

    /** Prefect's {@code _get_fields_for_child_schema}: the definition the parent's property {@code name} refers to. */
    private static Map<String, Object> fieldsForChild(Object definitions, Map<String, Object> baseFields, String name,
            BlockTypeRow type) {
        if (!(definitions instanceof Map<?, ?> all) || !(baseFields.get("properties") instanceof Map<?, ?> properties)) {
            return null;
        }
        List<String> refs = BlockChecksums.referenceStrings(properties.get(name));
        Object found = null;
        if (refs.size() == 1) {
            found = all.get(refs.get(0).replace(BlockChecksums.DEFINITIONS_REF, ""));
        } else {
            for (String ref : refs) {
                Object candidate = all.get(ref.replace(BlockChecksums.DEFINITIONS_REF, ""));
                if (candidate instanceof Map<?, ?> c && type.slug.equals(c.get("block_type_slug"))) {
                    found = candidate;
                    break;
                }
            }
        }
        return found instanceof Map<?, ?> m ? FieldTable.map(m) : null;
    }

    public Optional<Map<String, Object>> read(UUID id) {
        return storage.read(tx -> tx.table(BlockSchemaRow.TABLE).get(id).map(s -> view(tx, s)));
    }

    /** The newest schema with {@code checksum} (of {@code version}, if not null). */
    public Optional<Map<String, Object>> readByChecksum(String checksum, String version) {
        return storage.read(tx -> byChecksum(tx, checksum, version).map(s -> view(tx, s)));
    }

    /** Returns a page of schemas, newest first. */
    public List<Object> filter(Obj body, int limit) {
        return storage.read(tx -> listing.page(tx, body, limit).stream().map(s -> (Object) view(tx, s)).toList());
    }

    /** Every capability of any schema, once each (Prefect answers them in no particular order; here sorted). */
    public List<String> capabilities() {
        return storage.read(tx -> {
            Set<String> all = new TreeSet<>();
            tx.table(BlockSchemaRow.TABLE).find(Query.all()).forEach(s -> all.addAll(s.capabilities));
            return List.copyOf(all);
        });
    }

    /**
     * Deletes a schema with its documents and references (Prefect's foreign keys cascade), and clears
     * the server's default result storage if its block had this schema.
     *
     * @return false if there is no such schema
     * @throws RefusedException 403 for a schema of a protected type
     */
    public boolean delete(UUID id) {
        return storage.write(tx -> {
            Optional<BlockSchemaRow> found = tx.table(BlockSchemaRow.TABLE).get(id);
            if (found.isEmpty()) {
                return false;
            }
            if (tx.table(BlockTypeRow.TABLE).get(found.get().blockTypeId).map(t -> t.isProtected).orElse(false)) {
                throw new RefusedException(403, "Block schemas for protected block types cannot be deleted.");
            }
            remove(tx, id);
            return true;
        });
    }

    /** Removes a schema, the references from and to it, and its documents (with theirs). */
    void remove(Transaction tx, UUID id) {
        Table<BlockSchemaReferenceRow> references = tx.table(BlockSchemaReferenceRow.TABLE);
        for (BlockSchemaReferenceRow r : references.findAll(BlockSchemaReferenceRow.BY_PARENT, id)) {
            references.remove(r.id);
        }
        for (BlockSchemaReferenceRow r : references.findAll(BlockSchemaReferenceRow.BY_REFERENCE, id)) {
            references.remove(r.id);
        }
        for (BlockDocumentRow d : tx.table(BlockDocumentRow.TABLE).findAll(BlockDocumentRow.BY_BLOCK_SCHEMA, id)) {
            BlockDocuments.remove(tx, d.id);
        }
        tx.table(BlockSchemaRow.TABLE).remove(id);
    }

    static Optional<BlockSchemaRow> byChecksum(Transaction tx, String checksum, String version) {
        return tx.table(BlockSchemaRow.TABLE).findAll(BlockSchemaRow.BY_CHECKSUM, checksum).stream()
                .filter(s -> version == null || version.equals(s.version))
                .max((a, b) -> a.created.compareTo(b.created));
    }

    /** The schema as Prefect answers it: its block type, its fields rebuilt with their references and nested definitions. */
    static Map<String, Object> view(Transaction tx, BlockSchemaRow s) {
        Map<String, Object> view = FIELDS.view(BLOCK_SCHEMA, s);
        view.put("fields", fullFields(tx, s, new HashSet<>(Set.of(s.id))));
        view.put("block_type", BlockTypes.view(tx, s.blockTypeId));
        return view;
    }

    /** Prefect's {@code _construct_full_block_schema}; {@code path} holds the schemas above, so a reference cycle ends. */
    private static Map<String, Object> fullFields(Transaction tx, BlockSchemaRow s, Set<UUID> path) {
        Map<String, Object> fields = new LinkedHashMap<>(s.fields);
        Map<String, Object> references = new LinkedHashMap<>();
        fields.put("block_schema_references", references);
        Map<String, BlockSchemaRow> children = new LinkedHashMap<>();
        for (BlockSchemaReferenceRow r : tx.table(BlockSchemaReferenceRow.TABLE).findAll(BlockSchemaReferenceRow.BY_PARENT, s.id)) {
            Optional<BlockSchemaRow> child = tx.table(BlockSchemaRow.TABLE).get(r.referenceBlockSchemaId);
            if (child.isEmpty()) {
                continue;
            }
            children.putIfAbsent(child.get().checksum, child.get());
            Map<String, Object> reference = new LinkedHashMap<>();
            reference.put("block_schema_checksum", child.get().checksum);
            reference.put("block_type_slug", tx.table(BlockTypeRow.TABLE).get(child.get().blockTypeId).map(t -> t.slug).orElse(null));
            Object present = references.get(r.name);
            if (present == null) {
                references.put(r.name, reference);
            } else if (present instanceof List<?> list) {
                if (!list.contains(reference)) {
                    List<Object> more = new ArrayList<>(list);
                    more.add(reference);
                    references.put(r.name, more);
                }
            } else if (!present.equals(reference)) {
                references.put(r.name, new ArrayList<>(List.of(present, reference)));
            }
        }
        Map<String, Object> definitions = new LinkedHashMap<>();
        for (Object value : references.values()) {
            for (Object one : value instanceof List<?> list ? list : List.of(value)) {
                BlockSchemaRow child = children.get(FieldTable.map(one).get("block_schema_checksum"));
                Object title = child == null ? null : child.fields.get("title");
                if (title == null || path.contains(child.id)) {
                    continue;
                }
                Set<UUID> deeper = new HashSet<>(path);
                deeper.add(child.id);
                Map<String, Object> childFields = fullFields(tx, child, deeper);
                Object childDefinitions = childFields.remove("definitions");
                definitions.put(String.valueOf(title), childFields);
                if (childDefinitions instanceof Map<?, ?> more) {
                    more.forEach((k, v) -> definitions.put(String.valueOf(k), v));
                }
            }
        }
        Object own = fields.get("definitions");
        if (!definitions.isEmpty() || BlockChecksums.truthy(own)) {
            Map<String, Object> merged = new LinkedHashMap<>(own instanceof Map<?, ?> m ? FieldTable.map(m) : Map.of());
            merged.putAll(definitions);
            fields.put("definitions", merged);
        }
        return fields;
    }
}
