package dev.jprefect.server.internal.storage;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A block schema, as Prefect's {@code BlockSchema}: the JSON schema of one version of a block type's
 * fields, known by its checksum. Its {@code fields} are stored as Prefect stores them: without
 * {@code block_schema_references} (kept as {@link BlockSchemaReferenceRow}s) and without the
 * definitions of nested blocks (rebuilt from the referenced schemas when read).
 */
public final class BlockSchemaRow extends Row<BlockSchemaRow> {
    public static final Column<BlockSchemaRow, String> CHECKSUM = Column.of("checksum", s -> s.checksum);
    public static final Column<BlockSchemaRow, String> VERSION = Column.of("version", s -> s.version);
    public static final Column<BlockSchemaRow, UUID> BLOCK_TYPE_ID = Column.of("block_type_id", s -> s.blockTypeId);
    public static final Column<BlockSchemaRow, List<String>> CAPABILITIES = Column.of("capabilities", s -> s.capabilities);
    /** A checksum is unique per version (Prefect's {@code uq_block_schema__checksum_version}). */
    public static final Index<BlockSchemaRow> BY_CHECKSUM_AND_VERSION = Index.unique("checksum, version",
            s -> Arrays.asList(s.checksum, s.version));
    public static final Index<BlockSchemaRow> BY_CHECKSUM = Index.on(CHECKSUM);
    public static final Index<BlockSchemaRow> BY_BLOCK_TYPE = Index.on(BLOCK_TYPE_ID);
    public static final TableSpec<BlockSchemaRow> TABLE = TableSpec.of("block_schema", BY_CHECKSUM_AND_VERSION,
            BY_CHECKSUM, BY_BLOCK_TYPE);

    public String checksum;
    /** Immutable JSON object. */
    public Map<String, Object> fields = Map.of();
    /** Immutable. */
    public List<String> capabilities = List.of();
    public String version;
    public UUID blockTypeId;

    @Override
    public BlockSchemaRow copy() {
        BlockSchemaRow c = copyBase(new BlockSchemaRow());
        c.checksum = checksum;
        c.fields = fields;
        c.capabilities = capabilities;
        c.version = version;
        c.blockTypeId = blockTypeId;
        return c;
    }
}
