package dev.jprefect.server.internal.models;

import static dev.jprefect.server.internal.models.FieldTable.Op.ANY;
import static dev.jprefect.server.internal.models.FieldTable.Op.LIKE;

import dev.jprefect.server.internal.models.FieldTable.Filter;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.BlockDocumentRow;
import dev.jprefect.server.internal.storage.BlockSchemaRow;
import dev.jprefect.server.internal.storage.BlockTypeRow;
import dev.jprefect.server.internal.storage.Column;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.ConflictException;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.Transaction;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Block types, as Prefect's {@code models.block_types} and its routes: create (names beginning with
 * "prefect" are reserved, a slug already taken is a 409), read by id or slug, update (only when
 * something changes), delete (not a protected type; its schemas and documents go with it), list.
 *
 * <p>Prefect's server also registers its built-in ("system") block types at startup, from its Python
 * classes; jprefect cannot run them and registers none: a client registers the types it uses, as
 * Python's {@code Block.save()} and {@code prefect block register} do. So no type is protected here.
 */
public final class BlockTypes {
    static final String CREATE = "BlockTypeCreate";
    private static final String UPDATE = "BlockTypeUpdate";
    static final String BLOCK_TYPE = "BlockType";
    static final String FILTER = "BlockTypeFilter";

    /** The fields {@code BlockTypeUpdate} may change, in Prefect's {@code updatable_fields}. */
    private static final List<String> UPDATABLE = List.of("logo_url", "documentation_url", "description", "code_example");

    /** Every field of a block type, once. */
    static final FieldTable<BlockTypeRow> FIELDS = new FieldTable<BlockTypeRow>(BLOCK_TYPE)
            .field("name", Schema.string().pattern(Bodies.NAME_PATTERN), BlockTypeRow.NAME, (t, v) -> t.name = (String) v,
                    Filter.by(Schema.string(), LIKE), CREATE, BLOCK_TYPE, FILTER).required(CREATE)
            .field("slug", Schema.string().validator("[a-z0-9-]*\n?",
                    "Block type slug must only contain lowercase letters, numbers, and dashes."), BlockTypeRow.SLUG,
                    (t, v) -> t.slug = (String) v, Filter.by(Schema.string(), ANY), CREATE, BLOCK_TYPE, FILTER).required(CREATE)
            .field("logo_url", Schema.string(), Column.of("logo_url", t -> t.logoUrl), (t, v) -> t.logoUrl = (String) v,
                    Filter.NONE, CREATE, UPDATE, BLOCK_TYPE)
            .field("documentation_url", Schema.string(), Column.of("documentation_url", t -> t.documentationUrl),
                    (t, v) -> t.documentationUrl = (String) v, Filter.NONE, CREATE, UPDATE, BLOCK_TYPE)
            .field("description", Schema.string(), Column.of("description", t -> t.description),
                    (t, v) -> t.description = (String) v, Filter.NONE, CREATE, UPDATE, BLOCK_TYPE)
            .field("code_example", Schema.string(), Column.of("code_example", t -> t.codeExample),
                    (t, v) -> t.codeExample = (String) v, Filter.NONE, CREATE, UPDATE, BLOCK_TYPE)
            .field("is_protected", Schema.bool(), Column.of("is_protected", t -> t.isProtected), (t, v) -> { },
                    Filter.NONE, BLOCK_TYPE)
            .sort("NAME_ASC", Order.asc(BlockTypeRow.NAME));

    /** {@code BlockTypeCreate}. */
    public static final Schema CREATE_BODY = FIELDS.model(CREATE);
    /** {@code BlockTypeUpdate}. */
    public static final Schema UPDATE_BODY = FIELDS.model(UPDATE);
    /** {@code BlockTypeFilter} (no {@code operator}: its conditions all hold). */
    static final Schema FILTER_MODEL = FIELDS.plainFilterModel(FILTER);
    /** The body of {@code /block_types/filter}: by type and by its schemas, by name, a page. */
    public static final Schema FILTER_BODY = Schema.object("Body_read_block_types_block_types_filter_post")
            .optional("block_types", FILTER_MODEL)
            .optional("block_schemas", BlockSchemas.FILTER_MODEL)
            .optional("limit", Bodies.LIMIT)
            .optional("offset", Schema.integer().atLeast(0), 0L);

    private final Storage storage;
    private final InstantSource clock;
    private final Listing<BlockTypeRow> listing;
    private final BlockSchemas schemas;

    BlockTypes(Storage storage, InstantSource clock, BlockSchemas schemas) {
        this.storage = storage;
        this.clock = clock;
        this.schemas = schemas;
        this.listing = new Listing<>(storage, clock, BlockTypeRow.TABLE, BlockTypes::condition,
                sort -> FIELDS.orders("NAME_ASC"));
    }

    /** The condition of a filter body's {@code block_types} and {@code block_schemas} (types that have such a schema). */
    private static Condition<BlockTypeRow> condition(Obj body) {
        Condition<BlockTypeRow> types = FIELDS.condition(FILTER, body.obj("block_types"));
        Obj schemaFilter = body.obj("block_schemas");
        if (schemaFilter == null) {
            return types;
        }
        return Condition.and(types, Condition.exists(Column.id(), BlockSchemaRow.TABLE, BlockSchemaRow.BLOCK_TYPE_ID,
                BlockSchemas.FIELDS.condition(BlockSchemas.FILTER, schemaFilter)));
    }

    /**
     * Creates a validated {@code BlockTypeCreate}, as Prefect's route: a name beginning with
     * "prefect" (any case) is refused 403; the URLs are stripped of surrounding blanks and the
     * description and code example HTML-escaped, as Prefect stores them.
     *
     * @throws RefusedException 403 for a reserved name, 409 for a slug already taken
     */
    public Map<String, Object> create(Obj body) {
        String name = body.string("name");
        if (name.toLowerCase(Locale.ROOT).startsWith("prefect")) {
            throw new RefusedException(403, "Block type names beginning with 'Prefect' are reserved.");
        }
        Instant now = clock.instant();
        try {
            return storage.write(tx -> {
                BlockTypeRow t = new BlockTypeRow();
                t.id = UUID.randomUUID();
                t.created = now;
                t.updated = now;
                FIELDS.apply(CREATE, body, t);
                t.logoUrl = t.logoUrl == null ? null : t.logoUrl.strip();
                t.documentationUrl = t.documentationUrl == null ? null : t.documentationUrl.strip();
                t.description = t.description == null ? null : escapeHtml(t.description);
                t.codeExample = t.codeExample == null ? null : escapeHtml(t.codeExample);
                tx.table(BlockTypeRow.TABLE).put(t);
                return FIELDS.view(BLOCK_TYPE, t);
            });
        } catch (ConflictException e) {
            throw new RefusedException(409, "Block type with name \"" + name + "\" already exists");
        }
    }

    public Optional<Map<String, Object>> read(UUID id) {
        return storage.read(tx -> tx.table(BlockTypeRow.TABLE).get(id).map(t -> FIELDS.view(BLOCK_TYPE, t)));
    }

    public Optional<Map<String, Object>> readBySlug(String slug) {
        return storage.read(tx -> bySlug(tx, slug).map(t -> FIELDS.view(BLOCK_TYPE, t)));
    }

    /**
     * Applies a validated {@code BlockTypeUpdate}, unless it changes nothing (Prefect's
     * {@code _should_update_block_type}: the fields sent, unescaped, equal all four stored ones);
     * false if there is no such type.
     */
    public boolean update(UUID id, Obj body) {
        return storage.write(tx -> {
            Optional<BlockTypeRow> found = tx.table(BlockTypeRow.TABLE).get(id);
            found.ifPresent(t -> {
                if (changes(body, FIELDS.view(BLOCK_TYPE, t))) {
                    FIELDS.apply(UPDATE, body, t);
                    t.updated = clock.instant();
                    tx.table(BlockTypeRow.TABLE).put(t);
                }
            });
            return found.isPresent();
        });
    }

    private static boolean changes(Obj sent, Map<String, Object> stored) {
        Map<String, Object> mine = new LinkedHashMap<>();
        Map<String, Object> theirs = new LinkedHashMap<>();
        for (String field : UPDATABLE) {
            if (sent.has(field)) {
                mine.put(field, unescapeHtml((String) sent.raw(field)));
            }
            theirs.put(field, unescapeHtml((String) stored.get(field)));
        }
        return !Objects.equals(mine, theirs);
    }

    /**
     * Deletes a block type with its schemas and documents (Prefect's foreign keys cascade), and
     * clears the server's default result storage if its block was of this type.
     *
     * @return false if there is no such type
     * @throws RefusedException 403 for a protected type
     */
    public boolean delete(UUID id) {
        return storage.write(tx -> {
            Optional<BlockTypeRow> found = tx.table(BlockTypeRow.TABLE).get(id);
            if (found.isEmpty()) {
                return false;
            }
            if (found.get().isProtected) {
                throw new RefusedException(403, "protected block types cannot be deleted.");
            }
            for (BlockDocumentRow d : tx.table(BlockDocumentRow.TABLE).findAll(BlockDocumentRow.BY_BLOCK_TYPE, id)) {
                BlockDocuments.remove(tx, d.id);
            }
            for (BlockSchemaRow s : tx.table(BlockSchemaRow.TABLE).findAll(BlockSchemaRow.BY_BLOCK_TYPE, id)) {
                schemas.remove(tx, s.id);
            }
            tx.table(BlockTypeRow.TABLE).remove(id);
            return true;
        });
    }

    /** Returns a page of block types, by name. */
    public List<Object> filter(Obj body, int limit) {
        return listing.filter(body, limit, (t, now) -> FIELDS.view(BLOCK_TYPE, t));
    }

    static Optional<BlockTypeRow> bySlug(Transaction tx, String slug) {
        return tx.table(BlockTypeRow.TABLE).findUnique(BlockTypeRow.BY_SLUG, slug);
    }

    /** The view of the block type {@code id} (which a schema or document refers to), or null if it is gone. */
    static Map<String, Object> view(Transaction tx, UUID id) {
        return tx.table(BlockTypeRow.TABLE).get(id).map(t -> FIELDS.view(BLOCK_TYPE, t)).orElse(null);
    }

    /** Python's {@code html.escape(text, quote=False)}. */
    static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * Python's {@code html.unescape} for the references {@link #escapeHtml} and Python's
     * {@code html.escape} write ({@code &amp; &lt; &gt; &quot; &#x27;}) and numeric ones; other
     * named references are left as they are.
     */
    static String unescapeHtml(String text) {
        if (text == null || text.indexOf('&') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int semi = text.indexOf(';', i);
            if (text.charAt(i) == '&' && semi > i) {
                String entity = text.substring(i + 1, semi);
                String decoded = decode(entity);
                if (decoded != null) {
                    out.append(decoded);
                    i = semi + 1;
                    continue;
                }
            }
            out.append(text.charAt(i++));
        }
        return out.toString();
    }

    private static String decode(String entity) {
        switch (entity) {
            case "amp": return "&";
            case "lt": return "<";
            case "gt": return ">";
            case "quot": return "\"";
            case "apos": return "'";
            default:
                try {
                    if (entity.startsWith("#x") || entity.startsWith("#X")) {
                        return Character.toString(Integer.parseInt(entity.substring(2), 16));
                    }
                    if (entity.startsWith("#")) {
                        return Character.toString(Integer.parseInt(entity.substring(1)));
                    }
                } catch (IllegalArgumentException e) {
                    return null;
                }
                return null;
        }
    }
}
