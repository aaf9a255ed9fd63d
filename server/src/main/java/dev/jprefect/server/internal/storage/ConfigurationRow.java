package dev.jprefect.server.internal.storage;

import java.util.Map;

/** A server configuration entry, as Prefect's {@code Configuration}: a JSON object under a unique key. */
public final class ConfigurationRow extends Row<ConfigurationRow> {
    public static final Column<ConfigurationRow, String> KEY = Column.of("key", c -> c.key);
    public static final Index<ConfigurationRow> BY_KEY = Index.uniqueOn(KEY);
    public static final TableSpec<ConfigurationRow> TABLE = TableSpec.of("configuration", BY_KEY);

    public String key;
    /** Immutable JSON object. */
    public Map<String, Object> value = Map.of();

    @Override
    public ConfigurationRow copy() {
        ConfigurationRow c = copyBase(new ConfigurationRow());
        c.key = key;
        c.value = value;
        return c;
    }
}
