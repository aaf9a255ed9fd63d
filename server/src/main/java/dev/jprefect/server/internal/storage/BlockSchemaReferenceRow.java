package dev.jprefect.server.internal.storage;

import java.util.UUID;

/** A block schema nested in another under a field name, as Prefect's {@code BlockSchemaReference}. */
public final class BlockSchemaReferenceRow extends Row<BlockSchemaReferenceRow> {
    public static final Column<BlockSchemaReferenceRow, UUID> PARENT = Column.of("parent_block_schema_id",
            r -> r.parentBlockSchemaId);
    public static final Column<BlockSchemaReferenceRow, UUID> REFERENCE = Column.of("reference_block_schema_id",
            r -> r.referenceBlockSchemaId);
    public static final Index<BlockSchemaReferenceRow> BY_PARENT = Index.on(PARENT);
    public static final Index<BlockSchemaReferenceRow> BY_REFERENCE = Index.on(REFERENCE);
    public static final TableSpec<BlockSchemaReferenceRow> TABLE = TableSpec.of("block_schema_reference", BY_PARENT,
            BY_REFERENCE);

    public String name;
    public UUID parentBlockSchemaId;
    public UUID referenceBlockSchemaId;

    @Override
    public BlockSchemaReferenceRow copy() {
        BlockSchemaReferenceRow c = copyBase(new BlockSchemaReferenceRow());
        c.name = name;
        c.parentBlockSchemaId = parentBlockSchemaId;
        c.referenceBlockSchemaId = referenceBlockSchemaId;
        return c;
    }
}
