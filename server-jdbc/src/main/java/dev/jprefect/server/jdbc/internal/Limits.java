package dev.jprefect.server.jdbc.internal;

import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import java.time.Duration;
import java.util.Map;

/**
 * The limits of a store over a database, read once from the server's settings when it opens.
 *
 * @param poolSize {@code PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_SIZE}: connections used for requests at once
 * @param poolTimeout {@code PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_TIMEOUT}: the longest wait for a pooled
 *     connection, and for this process's turn to write
 * @param timeout {@code PREFECT_SERVER_DATABASE_TIMEOUT}: the longest a statement may take, waiting for another
 *     process's lock included (PostgreSQL's {@code statement_timeout}, SQLite's busy timeout)
 * @param connectionTimeout {@code PREFECT_SERVER_DATABASE_CONNECTION_TIMEOUT}: the longest wait to connect to
 *     PostgreSQL and log in
 * @param loaders {@code PREFECT_SERVER_DATABASE_TABLE_LOADERS}: tables loaded at once
 * @param loadTimeout {@code PREFECT_SERVER_DATABASE_TABLE_LOAD_TIMEOUT}: the longest wait of a transaction for a
 *     table still loading
 * @param loadReadTimeout {@code PREFECT_SERVER_DATABASE_TABLE_LOAD_READ_TIMEOUT}: the longest wait of a load for
 *     PostgreSQL's next rows
 * @param pruning {@code PREFECT_SERVER_DATABASE_TOMBSTONE_PRUNE_INTERVAL} and {@code _RETENTION}
 */
record Limits(int poolSize, Duration poolTimeout, Duration timeout, Duration connectionTimeout, int loaders,
        Duration loadTimeout, Duration loadReadTimeout, DatabaseStorage.Pruning pruning) {

    /** The defaults of every limit (tests). */
    static final Limits DEFAULTS = of(Settings.isolated(Map.of()));

    /**
     * Reads the limits from {@code settings}.
     *
     * @throws dev.jprefect.settings.InvalidSettingException if one has a bad value, naming it
     */
    static Limits of(Settings settings) {
        return new Limits(settings.get(Setting.SERVER_DATABASE_SQLALCHEMY_POOL_SIZE),
                settings.get(Setting.SERVER_DATABASE_SQLALCHEMY_POOL_TIMEOUT),
                settings.get(Setting.SERVER_DATABASE_TIMEOUT),
                settings.get(Setting.SERVER_DATABASE_CONNECTION_TIMEOUT),
                settings.get(Setting.SERVER_DATABASE_TABLE_LOADERS),
                settings.get(Setting.SERVER_DATABASE_TABLE_LOAD_TIMEOUT),
                settings.get(Setting.SERVER_DATABASE_TABLE_LOAD_READ_TIMEOUT),
                new DatabaseStorage.Pruning(settings.get(Setting.SERVER_DATABASE_TOMBSTONE_PRUNE_INTERVAL),
                        settings.get(Setting.SERVER_DATABASE_TOMBSTONE_RETENTION)));
    }

    /** Returns {@code d} in whole milliseconds, rounded up, at least 1 and at most {@link Integer#MAX_VALUE}. */
    static int millis(Duration d) {
        long ms = d.toMillis() + (d.toNanosPart() % 1_000_000 == 0 ? 0 : 1);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
    }

    /** Returns {@code d} in whole seconds, rounded up, at least 1 and at most {@link Integer#MAX_VALUE}. */
    static int seconds(Duration d) {
        long s = d.toSeconds() + (d.toNanosPart() == 0 ? 0 : 1);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, s));
    }
}
