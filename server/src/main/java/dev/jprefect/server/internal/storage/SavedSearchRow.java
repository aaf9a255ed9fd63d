package dev.jprefect.server.internal.storage;

import java.util.List;

/** A saved search, as Prefect's {@code SavedSearch}: a named set of the UI's filters. Names are unique. */
public final class SavedSearchRow extends Row<SavedSearchRow> {
    public static final Column<SavedSearchRow, String> NAME = Column.of("name", s -> s.name);
    /** A saved search's name is unique: saving a name again replaces its filters. */
    public static final Index<SavedSearchRow> BY_NAME = Index.uniqueOn(NAME);
    public static final TableSpec<SavedSearchRow> TABLE = TableSpec.of("saved_search", BY_NAME);

    public String name;
    /** Immutable list of {@code SavedSearchFilter} objects. */
    public List<Object> filters = List.of();

    @Override
    public SavedSearchRow copy() {
        SavedSearchRow c = copyBase(new SavedSearchRow());
        c.name = name;
        c.filters = filters;
        return c;
    }
}
