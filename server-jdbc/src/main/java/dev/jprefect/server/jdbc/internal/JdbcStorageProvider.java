package dev.jprefect.server.jdbc.internal;

import dev.jprefect.server.internal.storage.Redact;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.StorageBusyException;
import dev.jprefect.server.internal.storage.StorageProvider;
import dev.jprefect.settings.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.flywaydb.core.api.FlywayException;

/**
 * Opens the server's storage in SQLite or PostgreSQL (found by the server through ServiceLoader),
 * within the limits the server's settings give it ({@link Limits}).
 * SQLite runs in WAL mode with {@code synchronous=NORMAL}: a committed transaction survives the
 * process being killed (not necessarily the machine losing power).
 */
public final class JdbcStorageProvider implements StorageProvider {

    @Override
    public boolean accepts(String url) {
        return DatabaseUrl.accepts(url);
    }

    @Override
    public Storage open(String url, Settings settings) {
        return open(url, Limits.of(settings));
    }

    /** Opens the store within {@code limits}. */
    Storage open(String url, Limits limits) {
        return open(url, limits, DatabaseStorage.loaders(limits.loaders()));
    }

    /** Opens the store within {@code limits} with its own runner of table loads (tests run them when they choose). */
    Storage open(String url, Limits limits, Executor loaders) {
        DatabaseUrl database = DatabaseUrl.parse(url);
        try {
            if (database.file() != null && database.file().getParent() != null) {
                Files.createDirectories(database.file().getParent());
            }
            Schema.migrate(database, limits);
        } catch (IOException | FlywayException e) {
            throw new StorageBusyException("cannot open the database " + Redact.url(url) + ": " + e.getMessage());
        }
        ConnectionPool pool = new ConnectionPool(database.jdbcUrl(), limits.poolSize(), limits.poolTimeout(),
                () -> connect(database, limits), () -> connectForLoading(database, limits));
        return new DatabaseStorage(database, pool, limits, loaders);
    }

    /**
     * Opens a connection for requests: to SQLite with {@link Limits#timeout()} as its busy timeout;
     * to PostgreSQL within {@link Limits#connectionTimeout()}, with {@link Limits#timeout()} as its
     * {@code statement_timeout} (a wait for a lock included) and, in case PostgreSQL does not even
     * answer that, reads bounded by both together.
     */
    static Connection connect(DatabaseUrl database, Limits limits) throws SQLException {
        return connect(database, limits, true);
    }

    /**
     * Opens a connection that reads a whole table into memory: on PostgreSQL without a statement
     * timeout (how long a table's first rows take to come depends on its size and the plan, not on
     * a request's patience: PostgreSQL may sort the whole table first), given up when PostgreSQL
     * sends nothing for {@link Limits#loadReadTimeout()}; the table loads again when next asked for.
     */
    static Connection connectForLoading(DatabaseUrl database, Limits limits) throws SQLException {
        return connect(database, limits, false);
    }

    private static Connection connect(DatabaseUrl database, Limits limits, boolean forRequests) throws SQLException {
        Properties p = new Properties();
        if (database.dialect() == DatabaseUrl.Dialect.SQLITE) {
            p.setProperty("journal_mode", "WAL");
            p.setProperty("synchronous", "NORMAL");
            p.setProperty("busy_timeout", String.valueOf(Limits.millis(limits.timeout())));
            // a write transaction takes the file's write lock when it begins, so two writers never
            // both read and then fail to upgrade
            p.setProperty("transaction_mode", "IMMEDIATE");
            return DriverManager.getConnection(database.jdbcUrl(), p);
        }
        if (database.user() != null) {
            p.setProperty("user", database.user());
        }
        if (database.password() != null) {
            p.setProperty("password", database.password());
        }
        p.setProperty("ApplicationName", "jprefect");
        p.setProperty("connectTimeout", String.valueOf(Limits.seconds(limits.connectionTimeout())));
        p.setProperty("loginTimeout", String.valueOf(Limits.seconds(limits.connectionTimeout())));
        if (forRequests) {
            p.setProperty("socketTimeout", String.valueOf(Limits.seconds(limits.timeout().plus(limits.connectionTimeout()))));
            p.setProperty("options", "-c statement_timeout=" + Limits.millis(limits.timeout()));
        } else {
            p.setProperty("socketTimeout", String.valueOf(Limits.seconds(limits.loadReadTimeout())));
        }
        return DriverManager.getConnection(database.jdbcUrl(), p);
    }
}
