package dev.jprefect.server.internal.storage;

import java.util.Arrays;
import java.util.UUID;

/**
 * A block document, as Prefect's {@code BlockDocument}: the values of one block (e.g. a secret's
 * value), of one block type and schema, named uniquely within its type. Its {@code data} holds no
 * references to other documents (those are {@link BlockDocumentReferenceRow}s) and is kept
 * encrypted (the models' cipher, as Prefect's Fernet); it may hold secrets: nothing writes it to a
 * log or a message.
 */
public final class BlockDocumentRow extends Row<BlockDocumentRow> {
    public static final Column<BlockDocumentRow, String> NAME = Column.of("name", d -> d.name);
    public static final Column<BlockDocumentRow, Boolean> IS_ANONYMOUS = Column.of("is_anonymous", d -> d.isAnonymous);
    public static final Column<BlockDocumentRow, String> BLOCK_TYPE_NAME = Column.of("block_type_name", d -> d.blockTypeName);
    public static final Column<BlockDocumentRow, UUID> BLOCK_TYPE_ID = Column.of("block_type_id", d -> d.blockTypeId);
    public static final Column<BlockDocumentRow, UUID> BLOCK_SCHEMA_ID = Column.of("block_schema_id", d -> d.blockSchemaId);
    /** A name is unique within a block type (Prefect's {@code uq_block__type_id_name}). */
    public static final Index<BlockDocumentRow> BY_TYPE_AND_NAME = Index.unique("block_type_id, name",
            d -> Arrays.asList(d.blockTypeId, d.name));
    public static final Index<BlockDocumentRow> BY_BLOCK_TYPE = Index.on(BLOCK_TYPE_ID);
    public static final Index<BlockDocumentRow> BY_BLOCK_SCHEMA = Index.on(BLOCK_SCHEMA_ID);
    public static final TableSpec<BlockDocumentRow> TABLE = TableSpec.of("block_document", BY_TYPE_AND_NAME,
            BY_BLOCK_TYPE, BY_BLOCK_SCHEMA);

    public String name;
    /** The encrypted JSON object of its values, without references to other documents. */
    public String data;
    public boolean isAnonymous;
    public String blockTypeName;
    public UUID blockTypeId;
    public UUID blockSchemaId;

    @Override
    public BlockDocumentRow copy() {
        BlockDocumentRow c = copyBase(new BlockDocumentRow());
        c.name = name;
        c.data = data;
        c.isAnonymous = isAnonymous;
        c.blockTypeName = blockTypeName;
        c.blockTypeId = blockTypeId;
        c.blockSchemaId = blockSchemaId;
        return c;
    }

    @Override
    public String toString() {
        return "block document " + id; // never its data
    }
}
