package dev.jprefect.server.internal.models;

import static dev.jprefect.server.internal.models.FieldTable.Op.ANY;
import static dev.jprefect.server.internal.models.FieldTable.Op.EQ;
import static dev.jprefect.server.internal.models.FieldTable.Op.LIKE;

import dev.jprefect.server.internal.models.FieldTable.Filter;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.BlockDocumentReferenceRow;
import dev.jprefect.server.internal.storage.BlockDocumentRow;
import dev.jprefect.server.internal.storage.BlockSchemaRow;
import dev.jprefect.server.internal.storage.BlockTypeRow;
import dev.jprefect.server.internal.storage.Column;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.ConflictException;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.Query;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.Table;
import dev.jprefect.server.internal.storage.Transaction;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Block documents, as Prefect's {@code models.block_documents} and its routes: create (a name is
 * unique within its type; an anonymous document without one is named {@code anonymous-<uuid>}),
 * read (by id, by type slug and name, filtered, counted), update (merging into the stored data or
 * replacing it), delete.
 *
 * <p>A value of the data that is an object holding {@code $ref: {block_document_id}} nests another
 * document: it is kept as a reference, and answered as the nested document's data (and its
 * {@code block_document_references} entry). Unless {@code include_secrets} is asked, the values at
 * the schema's {@code secret_fields} (dotted paths; {@code *} for every key below) are answered as
 * {@code ********}; an update that sends {@code ********} back for a secret keeps the stored one.
 * Nothing here writes a document's data to a log or an error message.
 */
public final class BlockDocuments {
    private static final String CREATE = "BlockDocumentCreate";
    private static final String UPDATE = "BlockDocumentUpdate";
    private static final String DOCUMENT = "BlockDocument";
    private static final String FILTER = "BlockDocumentFilter";
    /** What Prefect's {@code obfuscate} makes of any secret value. */
    static final String OBFUSCATED = "********";

    /** Prefect's {@code BlockDocumentName}: a {@code Name} of lowercase letters, digits and dashes. */
    private static final Schema NAME = Schema.string().pattern(Bodies.NAME_PATTERN).validator("[a-z0-9-]*\n?",
            "Block document name must only contain lowercase letters, numbers, and dashes.");

    /** Every field of a block document, once. */
    static final FieldTable<BlockDocumentRow> FIELDS = new FieldTable<BlockDocumentRow>(DOCUMENT)
            .field("id", Schema.uuid(), Column.id(), (d, v) -> { }, Filter.by(Schema.uuid(), ANY), FILTER)
            .field("is_anonymous", Schema.bool(), BlockDocumentRow.IS_ANONYMOUS, (d, v) -> d.isAnonymous = (Boolean) v,
                    Filter.by(Schema.bool(), EQ), CREATE, DOCUMENT, FILTER).defaulted(CREATE, false)
            .field("block_type_id", Schema.uuid(), BlockDocumentRow.BLOCK_TYPE_ID, (d, v) -> d.blockTypeId = (UUID) v,
                    Filter.by(Schema.uuid(), ANY), CREATE, DOCUMENT, FILTER).required(CREATE)
            .field("name", NAME, BlockDocumentRow.NAME, (d, v) -> d.name = (String) v, Filter.by(Schema.string(), ANY, LIKE),
                    CREATE, DOCUMENT, FILTER)
            .field("data", Schema.dict(Schema.any()), Column.of("data", d -> d.data), (d, v) -> { }, // encrypted apart
                    Filter.NONE, CREATE, UPDATE, DOCUMENT).defaulted(CREATE, Map.of()).notNull(UPDATE)
            .field("block_schema_id", Schema.uuid(), BlockDocumentRow.BLOCK_SCHEMA_ID,
                    (d, v) -> d.blockSchemaId = (UUID) v, Filter.NONE, CREATE, UPDATE, DOCUMENT).required(CREATE)
            .viewed("block_schema", (d, now) -> null, DOCUMENT)
            .field("block_type_name", Schema.string(), BlockDocumentRow.BLOCK_TYPE_NAME, (d, v) -> { }, Filter.NONE, DOCUMENT)
            .viewed("block_type", (d, now) -> null, DOCUMENT)
            .viewed("block_document_references", (d, now) -> null, DOCUMENT)
            .order(DOCUMENT, "name", "data", "block_schema_id", "block_schema", "block_type_id", "block_type_name",
                    "block_type", "block_document_references", "is_anonymous")
            .order(CREATE, "name", "data", "block_schema_id", "block_type_id", "is_anonymous")
            .sort("NAME_DESC", Order.desc(BlockDocumentRow.NAME))
            .sort("NAME_ASC", Order.asc(BlockDocumentRow.NAME))
            .sort("BLOCK_TYPE_AND_NAME_ASC", Order.asc(BlockDocumentRow.BLOCK_TYPE_NAME), Order.asc(BlockDocumentRow.NAME));

    /** {@code BlockDocumentCreate}, with its check that a document that is not anonymous has a name. */
    public static final Schema CREATE_BODY = Schema.checkedBefore(FIELDS.model(CREATE),
            sent -> BlockChecksums.truthy(sent.get("is_anonymous")) || BlockChecksums.truthy(sent.get("name")) ? null
                    : "Names must be provided for block documents.");
    /** {@code BlockDocumentUpdate}. */
    public static final Schema UPDATE_BODY = FIELDS.model(UPDATE).optional("merge_existing_data", Schema.bool(), true);
    private static final Schema FILTER_MODEL = FIELDS.filterModel(FILTER);
    /** The body of {@code /block_documents/filter}. */
    public static final Schema FILTER_BODY = Schema.object("Body_read_block_documents_block_documents_filter_post")
            .optional("limit", Bodies.LIMIT)
            .optional("block_documents", FILTER_MODEL)
            .optional("block_types", BlockTypes.FILTER_MODEL)
            .optional("block_schemas", BlockSchemas.FILTER_MODEL)
            .optional("include_secrets", Schema.bool(), false)
            .optional("sort", FIELDS.sortSchema().nullable(), "NAME_ASC")
            .optional("offset", Schema.integer().atLeast(0), 0L);
    /** The body of {@code /block_documents/count}. */
    public static final Schema COUNT_BODY = Schema.object("Body_count_block_documents_block_documents_count_post")
            .optional("block_documents", FILTER_MODEL)
            .optional("block_types", BlockTypes.FILTER_MODEL)
            .optional("block_schemas", BlockSchemas.FILTER_MODEL);

    private final Storage storage;
    private final InstantSource clock;
    private final Listing<BlockDocumentRow> listing;

    BlockDocuments(Storage storage, InstantSource clock) {
        this.storage = storage;
        this.clock = clock;
        this.listing = new Listing<>(storage, clock, BlockDocumentRow.TABLE, BlockDocuments::condition, FIELDS::orders);
    }

    /**
     * The condition of a body's {@code block_documents} (not anonymous ones unless it says
     * otherwise of {@code is_anonymous}), {@code block_types} and {@code block_schemas} filters.
     */
    private static Condition<BlockDocumentRow> condition(Obj body) {
        Obj documents = body.obj("block_documents");
        List<Condition<BlockDocumentRow>> all = new ArrayList<>();
        all.add(FIELDS.condition(FILTER, documents));
        if (documents == null || !documents.has("is_anonymous")) {
            all.add(Condition.in(BlockDocumentRow.IS_ANONYMOUS, List.of(false))); // Prefect's default filter
        }
        Obj types = body.obj("block_types");
        if (types != null) {
            all.add(Condition.exists(BlockDocumentRow.BLOCK_TYPE_ID, BlockTypeRow.TABLE, Column.<BlockTypeRow>id(),
                    BlockTypes.FIELDS.condition(BlockTypes.FILTER, types)));
        }
        Obj schemas = body.obj("block_schemas");
        if (schemas != null) {
            all.add(Condition.exists(BlockDocumentRow.BLOCK_SCHEMA_ID, BlockSchemaRow.TABLE, Column.<BlockSchemaRow>id(),
                    BlockSchemas.FIELDS.condition(BlockSchemas.FILTER, schemas)));
        }
        return Condition.and(all);
    }

    /**
     * Creates a validated {@code BlockDocumentCreate} and answers it (secrets obfuscated).
     *
     * @throws RefusedException 409 "Block already exists" for a name its type has; 400 for a
     *     malformed reference or one that would make a cycle
     * @throws ConflictException if its type, its schema or a referenced document does not exist
     */
    public Map<String, Object> create(Obj body) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            Table<BlockDocumentRow> table = tx.table(BlockDocumentRow.TABLE);
            UUID typeId = body.uuid("block_type_id");
            String name = body.string("name");
            if (name != null && table.findUnique(BlockDocumentRow.BY_TYPE_AND_NAME, List.of(typeId, name)).isPresent()) {
                throw new RefusedException(409, "Block already exists");
            }
            BlockTypeRow type = tx.table(BlockTypeRow.TABLE).get(typeId)
                    .orElseThrow(() -> new ConflictException("block type " + typeId + " does not exist"));
            if (tx.table(BlockSchemaRow.TABLE).get(body.uuid("block_schema_id")).isEmpty()) {
                throw new ConflictException("block schema does not exist");
            }
            BlockDocumentRow d = new BlockDocumentRow();
            d.id = UUID.randomUUID();
            d.created = now;
            d.updated = now;
            FIELDS.apply(CREATE, body, d);
            if (d.isAnonymous && !BlockChecksums.truthy(d.name)) {
                d.name = "anonymous-" + UUID.randomUUID();
            }
            d.blockTypeName = type.name;
            Separated separated = separate(body.map("data"));
            d.data = BlockDataCipher.encrypt(tx, separated.data(), now);
            table.put(d);
            for (Map.Entry<String, UUID> ref : separated.references().entrySet()) {
                addReference(tx, d.id, ref.getValue(), ref.getKey(), now);
            }
            return view(tx, d, false);
        });
    }

    /** The document {@code id} (anonymous or not), with its secrets or obfuscated: the operation other models (automations' actions) read blocks with. */
    public Optional<Map<String, Object>> read(UUID id, boolean includeSecrets) {
        return storage.read(tx -> tx.table(BlockDocumentRow.TABLE).get(id).map(d -> view(tx, d, includeSecrets)));
    }

    /** The document named {@code name} (anonymous or not) of the block type {@code slug}. */
    public Optional<Map<String, Object>> readByName(String slug, String name, boolean includeSecrets) {
        return storage.read(tx -> BlockTypes.bySlug(tx, slug)
                .flatMap(t -> tx.table(BlockDocumentRow.TABLE).findUnique(BlockDocumentRow.BY_TYPE_AND_NAME, List.of(t.id, name)))
                .map(d -> view(tx, d, includeSecrets)));
    }

    /** The documents (not anonymous) of the block type {@code slug}, by name; empty if there is no such type. */
    public Optional<List<Object>> readForType(String slug, boolean includeSecrets) {
        return storage.read(tx -> BlockTypes.bySlug(tx, slug).map(t -> tx.table(BlockDocumentRow.TABLE)
                .find(Query.of(Condition.and(Condition.in(BlockDocumentRow.BLOCK_TYPE_ID, List.of(t.id)),
                        Condition.in(BlockDocumentRow.IS_ANONYMOUS, List.of(false))))
                        .orderBy(FIELDS.orders("NAME_ASC")))
                .stream().map(d -> (Object) view(tx, d, includeSecrets)).toList()));
    }

    /** Whether the block document {@code id} exists (what a deployment's or run's block reference needs). */
    static boolean exists(Transaction tx, UUID id) {
        return tx.table(BlockDocumentRow.TABLE).get(id).isPresent();
    }

    /** Returns a page of the documents a validated filter body selects, sorted. */
    public List<Object> filter(Obj body, int limit) {
        boolean secrets = body.isTrue("include_secrets");
        return storage.read(tx -> listing.page(tx, body, limit).stream().map(d -> (Object) view(tx, d, secrets)).toList());
    }

    public long count(Obj body) {
        return listing.count(body);
    }

    /**
     * Applies a validated {@code BlockDocumentUpdate}, as Prefect's {@code update_block_document}:
     * with {@code merge_existing_data} (the default) the data sent is merged into the stored data
     * (top-level keys), and nothing changes if no data is sent; without it the data (even none) and
     * the schema replace the stored ones. References follow the data: those it no longer holds go.
     *
     * @return false if there is no such document
     * @throws RefusedException 400 for a schema of another block type, a malformed or cyclic reference
     * @throws ConflictException for a schema or referenced document that does not exist
     */
    public boolean update(UUID id, Obj body) {
        boolean merge = body.isTrue("merge_existing_data");
        return storage.write(tx -> {
            Table<BlockDocumentRow> table = tx.table(BlockDocumentRow.TABLE);
            Optional<BlockDocumentRow> found = table.getForUpdate(id);
            if (found.isEmpty()) {
                return false;
            }
            if (merge && !body.has("data")) {
                return true;
            }
            BlockDocumentRow d = found.get();
            Map<String, Object> stored = BlockDataCipher.decrypt(tx, d.data);
            Map<String, Object> sent = keepSecretsSentBack(body.has("data") ? body.map("data") : Map.of(), stored,
                    secretFields(tx, d));
            Map<String, Object> data = sent;
            if (merge) {
                data = new LinkedHashMap<>(stored);
                data.putAll(sent);
            }
            Separated separated = separate(data);
            Instant now = clock.instant();
            d.data = BlockDataCipher.encrypt(tx, separated.data(), now);
            UUID proposed = body.uuid("block_schema_id");
            if (proposed != null && !proposed.equals(d.blockSchemaId)) {
                BlockSchemaRow schema = tx.table(BlockSchemaRow.TABLE).get(proposed)
                        .orElseThrow(() -> new ConflictException("block schema does not exist"));
                if (!schema.blockTypeId.equals(d.blockTypeId)) {
                    throw new RefusedException(400, "Must migrate block document to a block schema of the same block type.");
                }
                d.blockSchemaId = proposed;
            }
            d.updated = now;
            table.put(d);
            Table<BlockDocumentReferenceRow> references = tx.table(BlockDocumentReferenceRow.TABLE);
            List<BlockDocumentReferenceRow> current = references.findAll(BlockDocumentReferenceRow.BY_PARENT, id);
            Set<UUID> kept = new HashSet<>();
            for (Map.Entry<String, UUID> ref : separated.references().entrySet()) {
                Optional<BlockDocumentReferenceRow> same = current.stream()
                        .filter(r -> r.name.equals(ref.getKey()) && r.referenceBlockDocumentId.equals(ref.getValue())).findFirst();
                if (same.isPresent()) {
                    kept.add(same.get().id);
                } else {
                    addReference(tx, id, ref.getValue(), ref.getKey(), now);
                }
            }
            current.stream().filter(r -> !kept.contains(r.id)).forEach(r -> references.remove(r.id));
            return true;
        });
    }

    /** Deletes a document and the references from and to it; false if there is none. */
    public boolean delete(UUID id) {
        return storage.write(tx -> {
            if (tx.table(BlockDocumentRow.TABLE).get(id).isEmpty()) {
                return false;
            }
            remove(tx, id);
            return true;
        });
    }

    /**
     * Removes a document and the references from and to it (Prefect's foreign keys cascade), and
     * clears the server's default result storage if it was this document.
     */
    static void remove(Transaction tx, UUID id) {
        Table<BlockDocumentReferenceRow> references = tx.table(BlockDocumentReferenceRow.TABLE);
        for (BlockDocumentReferenceRow r : references.findAll(BlockDocumentReferenceRow.BY_PARENT, id)) {
            references.remove(r.id);
        }
        for (BlockDocumentReferenceRow r : references.findAll(BlockDocumentReferenceRow.BY_REFERENCE, id)) {
            references.remove(r.id);
        }
        tx.table(BlockDocumentRow.TABLE).remove(id);
        StorageDefault.clearIfDocument(tx, id);
    }

    // ---- references ------------------------------------------------------------------------

    /** A document's data without its references, and the references by field name. */
    private record Separated(Map<String, Object> data, Map<String, UUID> references) {
    }

    /**
     * Prefect's {@code _separate_block_references_from_data}: every top-level value that is an
     * object with {@code $ref} names a document by {@code $ref.block_document_id}.
     *
     * @throws RefusedException 400 for a {@code $ref} without a usable {@code block_document_id}
     */
    private static Separated separate(Map<String, Object> data) {
        Map<String, Object> rest = new LinkedHashMap<>();
        Map<String, UUID> references = new LinkedHashMap<>();
        data.forEach((key, value) -> {
            if (value instanceof Map<?, ?> m && m.containsKey("$ref")) {
                Object id = m.get("$ref") instanceof Map<?, ?> ref ? ref.get("block_document_id") : null;
                if (id == null) {
                    throw new RefusedException(400, "Received block reference without a block_document_id in key " + key);
                }
                try {
                    references.put(key, UUID.fromString(String.valueOf(id)));
                } catch (IllegalArgumentException e) {
                    throw new RefusedException(400, "Received block reference whose block_document_id is no UUID in key " + key);
                }
            } else {
                rest.put(key, value);
            }
        });
        return new Separated(Collections.unmodifiableMap(rest), references);
    }

    /**
     * Prefect's {@code create_block_document_reference}: refused (400) if it would close a cycle;
     * the referenced document must exist.
     */
    private static void addReference(Transaction tx, UUID parentId, UUID referenceId, String name, Instant now) {
        if (reaches(tx, referenceId, parentId)) {
            throw new RefusedException(400, "Cannot create block document reference: it would introduce a cycle into the"
                    + " block_document_reference graph (parent=" + parentId + ", reference=" + referenceId + ").");
        }
        if (tx.table(BlockDocumentRow.TABLE).get(referenceId).isEmpty()) {
            throw new ConflictException("block document reference to a missing document");
        }
        BlockDocumentReferenceRow r = new BlockDocumentReferenceRow();
        r.id = UUID.randomUUID();
        r.created = now;
        r.updated = now;
        r.name = name;
        r.parentBlockDocumentId = parentId;
        r.referenceBlockDocumentId = referenceId;
        tx.table(BlockDocumentReferenceRow.TABLE).put(r);
    }

    /** Whether {@code target} is {@code from} or is reached from it along references. */
    private static boolean reaches(Transaction tx, UUID from, UUID target) {
        Set<UUID> visited = new HashSet<>();
        Deque<UUID> stack = new ArrayDeque<>(List.of(from));
        while (!stack.isEmpty()) {
            UUID current = stack.pop();
            if (current.equals(target)) {
                return true;
            }
            if (visited.add(current)) {
                tx.table(BlockDocumentReferenceRow.TABLE).findAll(BlockDocumentReferenceRow.BY_PARENT, current)
                        .forEach(r -> stack.push(r.referenceBlockDocumentId));
            }
        }
        return false;
    }

    // ---- views -----------------------------------------------------------------------------

    /** The document as Prefect answers it: its nested documents' data in its own, its schema and type. */
    private static Map<String, Object> view(Transaction tx, BlockDocumentRow d, boolean includeSecrets) {
        Map<String, Object> view = FIELDS.view(DOCUMENT, d);
        Nested nested = nested(tx, d, includeSecrets, new HashSet<>(Set.of(d.id)));
        view.put("data", nested.data());
        view.put("block_schema", tx.table(BlockSchemaRow.TABLE).get(d.blockSchemaId).map(s -> BlockSchemas.view(tx, s))
                .orElse(null));
        view.put("block_type", BlockTypes.view(tx, d.blockTypeId));
        view.put("block_document_references", nested.references());
        return view;
    }

    /** A document's data with its nested documents' data, and its {@code block_document_references}. */
    private record Nested(Map<String, Object> data, Map<String, Object> references) {
    }

    /**
     * Prefect's {@code _construct_full_block_document}: each nested document (in the order of their
     * names) under its field name; {@code path} holds the documents above, so a reference cycle ends.
     */
    private static Nested nested(Transaction tx, BlockDocumentRow d, boolean includeSecrets, Set<UUID> path) {
        Map<String, Object> stored = BlockDataCipher.decrypt(tx, d.data);
        Map<String, Object> data = includeSecrets ? new LinkedHashMap<>(stored) : obfuscate(stored, secretFields(tx, d));
        Map<String, Object> references = new LinkedHashMap<>();
        List<Map.Entry<String, BlockDocumentRow>> children = new ArrayList<>();
        for (BlockDocumentReferenceRow r : tx.table(BlockDocumentReferenceRow.TABLE)
                .findAll(BlockDocumentReferenceRow.BY_PARENT, d.id)) {
            tx.table(BlockDocumentRow.TABLE).get(r.referenceBlockDocumentId).filter(child -> !path.contains(child.id))
                    .ifPresent(child -> children.add(Map.entry(r.name, child)));
        }
        children.sort(Comparator.comparing(e -> e.getValue().name, Comparator.nullsLast(Comparator.naturalOrder())));
        for (Map.Entry<String, BlockDocumentRow> e : children) {
            BlockDocumentRow child = e.getValue();
            Set<UUID> deeper = new HashSet<>(path);
            deeper.add(child.id);
            Nested inner = nested(tx, child, includeSecrets, deeper);
            data.put(e.getKey(), inner.data());
            Map<String, Object> nestedDocument = new LinkedHashMap<>();
            nestedDocument.put("id", child.id);
            nestedDocument.put("name", child.name);
            nestedDocument.put("block_type", BlockTypes.view(tx, child.blockTypeId));
            nestedDocument.put("is_anonymous", child.isAnonymous);
            nestedDocument.put("block_document_references", inner.references());
            references.put(e.getKey(), Map.of("block_document", nestedDocument));
        }
        return new Nested(data, references);
    }

    /** The {@code secret_fields} of the document's schema (dotted paths), as stored. */
    private static List<String> secretFields(Transaction tx, BlockDocumentRow d) {
        Object secret = tx.table(BlockSchemaRow.TABLE).get(d.blockSchemaId).map(s -> s.fields.get("secret_fields")).orElse(null);
        List<String> paths = new ArrayList<>();
        if (secret instanceof List<?> list) {
            list.forEach(p -> paths.add(String.valueOf(p)));
        }
        return paths;
    }

    /** The data with every value at a secret path (or below a {@code *}) as {@value #OBFUSCATED}, as Prefect's {@code from_orm_model}. */
    static Map<String, Object> obfuscate(Map<String, Object> data, List<String> secretFields) {
        Map<List<String>, Object> flat = flatten(data);
        for (String field : secretFields) {
            List<String> key = List.of(field.split("\\.", -1));
            int wildcard = key.indexOf("*");
            if (flat.get(key) != null) {
                flat.put(key, OBFUSCATED);
            } else if (wildcard >= 0) {
                List<String> prefix = key.subList(0, wildcard);
                flat.replaceAll((k, v) -> k.size() >= wildcard && k.subList(0, wildcard).equals(prefix) ? OBFUSCATED : v);
            }
        }
        return unflatten(flat);
    }

    /**
     * Prefect's guard in {@code update_block_document}: a secret sent back as {@value #OBFUSCATED}
     * (a client saving every field of what it read) keeps the stored secret.
     */
    static Map<String, Object> keepSecretsSentBack(Map<String, Object> sent, Map<String, Object> stored,
            List<String> secretFields) {
        Map<List<String>, Object> update = flatten(sent);
        Map<List<String>, Object> current = flatten(stored);
        for (String field : secretFields) {
            List<String> key = List.of(field.split("\\.", -1));
            int wildcard = key.indexOf("*");
            Object secret = current.get(key);
            if (secret != null) {
                if (OBFUSCATED.equals(update.get(key))) {
                    update.put(key, secret);
                }
            } else if (wildcard >= 0) {
                List<String> prefix = key.subList(0, wildcard);
                update.replaceAll((k, v) -> k.size() >= wildcard && k.subList(0, wildcard).equals(prefix)
                        && OBFUSCATED.equals(v) && current.containsKey(k) ? current.get(k) : v);
            }
        }
        return unflatten(update);
    }

    /** Prefect's {@code dict_to_flatdict}: each leaf (a value that is not a non-empty object) by its path of keys. */
    private static Map<List<String>, Object> flatten(Map<String, Object> data) {
        Map<List<String>, Object> flat = new LinkedHashMap<>();
        flatten(data, List.of(), flat);
        return flat;
    }

    private static void flatten(Map<?, ?> data, List<String> parent, Map<List<String>, Object> flat) {
        data.forEach((k, v) -> {
            List<String> key = new ArrayList<>(parent);
            key.add(String.valueOf(k));
            if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                flatten(m, key, flat);
            } else {
                flat.put(List.copyOf(key), v);
            }
        });
    }

    /** Prefect's {@code flatdict_to_dict}. */
    private static Map<String, Object> unflatten(Map<List<String>, Object> flat) {
        Map<String, Object> out = new LinkedHashMap<>();
        flat.forEach((key, value) -> {
            Map<String, Object> at = out;
            for (String part : key.subList(0, key.size() - 1)) {
                Object next = at.get(part);
                if (!(next instanceof LinkedHashMap<?, ?>)) {
                    next = new LinkedHashMap<String, Object>();
                    at.put(part, next);
                }
                at = FieldTable.map(next);
            }
            at.put(key.get(key.size() - 1), value);
        });
        return out;
    }
}
