package dev.jprefect.server.internal.storage;

import java.util.UUID;

/** A block document nested in another under a field name, as Prefect's {@code BlockDocumentReference}. */
public final class BlockDocumentReferenceRow extends Row<BlockDocumentReferenceRow> {
    public static final Column<BlockDocumentReferenceRow, UUID> PARENT = Column.of("parent_block_document_id",
            r -> r.parentBlockDocumentId);
    public static final Column<BlockDocumentReferenceRow, UUID> REFERENCE = Column.of("reference_block_document_id",
            r -> r.referenceBlockDocumentId);
    public static final Index<BlockDocumentReferenceRow> BY_PARENT = Index.on(PARENT);
    public static final Index<BlockDocumentReferenceRow> BY_REFERENCE = Index.on(REFERENCE);
    public static final TableSpec<BlockDocumentReferenceRow> TABLE = TableSpec.of("block_document_reference", BY_PARENT,
            BY_REFERENCE);

    public String name;
    public UUID parentBlockDocumentId;
    public UUID referenceBlockDocumentId;

    @Override
    public BlockDocumentReferenceRow copy() {
        BlockDocumentReferenceRow c = copyBase(new BlockDocumentReferenceRow());
        c.name = name;
        c.parentBlockDocumentId = parentBlockDocumentId;
        c.referenceBlockDocumentId = referenceBlockDocumentId;
        return c;
    }
}
