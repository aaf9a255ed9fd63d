package dev.jprefect.server.internal.storage;

/** A block type, as Prefect's {@code BlockType}: a kind of block (e.g. {@code secret}), unique by slug. */
public final class BlockTypeRow extends Row<BlockTypeRow> {
    public static final Column<BlockTypeRow, String> NAME = Column.of("name", t -> t.name);
    public static final Column<BlockTypeRow, String> SLUG = Column.of("slug", t -> t.slug);
    /** A block type's slug is unique (Prefect's {@code uq_block_type__slug}). */
    public static final Index<BlockTypeRow> BY_SLUG = Index.uniqueOn(SLUG);
    public static final TableSpec<BlockTypeRow> TABLE = TableSpec.of("block_type", BY_SLUG);

    public String name;
    public String slug;
    public String logoUrl;
    public String documentationUrl;
    public String description;
    public String codeExample;
    public boolean isProtected;

    @Override
    public BlockTypeRow copy() {
        BlockTypeRow c = copyBase(new BlockTypeRow());
        c.name = name;
        c.slug = slug;
        c.logoUrl = logoUrl;
        c.documentationUrl = documentationUrl;
        c.description = description;
        c.codeExample = codeExample;
        c.isProtected = isProtected;
        return c;
    }
}
