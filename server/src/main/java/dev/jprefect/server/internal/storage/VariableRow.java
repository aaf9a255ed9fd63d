package dev.jprefect.server.internal.storage;

import java.util.List;

/** A variable, as Prefect's {@code Variable}. Names are unique. */
public final class VariableRow extends Row<VariableRow> {
    public static final Column<VariableRow, String> NAME = Column.of("name", v -> v.name);
    public static final Index<VariableRow> BY_NAME = Index.uniqueOn(NAME);
    public static final TableSpec<VariableRow> TABLE = TableSpec.of("variable", BY_NAME);

    public static final Column<VariableRow, List<String>> TAGS = Column.of("tags", v -> v.tags);

    public String name;
    /** Any JSON value: an immutable tree, or null. */
    public Object value;
    /** Immutable. */
    public List<String> tags = List.of();

    @Override
    public VariableRow copy() {
        VariableRow c = copyBase(new VariableRow());
        c.name = name;
        c.value = value;
        c.tags = tags;
        return c;
    }
}
