package dev.jprefect.server.internal.storage;

import java.util.List;

/** A variable, as Prefect's {@code Variable}. Names are unique. */
public final class VariableRow extends Row<VariableRow> {
    public static final Index<VariableRow> BY_NAME = Index.unique("name", v -> v.name);

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
