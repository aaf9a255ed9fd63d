package dev.jprefect.server.internal.storage;

import dev.jprefect.settings.Settings;

/**
 * ServiceLoader provider interface for stores that keep the server's rows in a database. The
 * server asks each provider found whether it {@linkplain #accepts accepts} the database URL it was
 * given ({@code PrefectServer.Builder.database}) and opens the store with the first that does.
 * The {@code dev.jprefect.server.jdbc} module provides SQLite and PostgreSQL; this package is
 * exported to it alone.
 */
public interface StorageProvider {

    /** Returns true if this provider opens {@code url}, a URL in the form of Prefect's {@code PREFECT_API_DATABASE_CONNECTION_URL}. */
    boolean accepts(String url);

    /**
     * Opens the store at {@code url}, creating or migrating its schema as needed, with every row it
     * holds, within the limits {@code settings} give it ({@code PREFECT_SERVER_DATABASE_*}). The
     * caller closes it.
     *
     * @throws dev.jprefect.settings.InvalidSettingException if one of its settings has a bad value, naming it
     * @throws StorageBusyException if the database cannot be reached or opened
     */
    Storage open(String url, Settings settings);
}
