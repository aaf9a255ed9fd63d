package dev.jprefect.server.internal.storage;

import java.util.List;
import java.util.Map;

/** A flow, as Prefect's {@code Flow}. Names are unique. */
public final class FlowRow extends Row<FlowRow> {
    public static final Column<FlowRow, String> NAME = Column.of("name", f -> f.name);
    public static final Index<FlowRow> BY_NAME = Index.uniqueOn(NAME);
    public static final TableSpec<FlowRow> TABLE = TableSpec.of("flow", BY_NAME);

    public static final Column<FlowRow, List<String>> TAGS = Column.of("tags", f -> f.tags);

    public String name;
    /** Immutable. */
    public List<String> tags = List.of();
    /** Immutable, or null. */
    public Map<String, Object> labels;

    @Override
    public FlowRow copy() {
        FlowRow c = copyBase(new FlowRow());
        c.name = name;
        c.tags = tags;
        c.labels = labels;
        return c;
    }
}
