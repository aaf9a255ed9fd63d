package dev.jprefect.server.jdbc.internal;

import dev.jprefect.server.internal.storage.Redact;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.StorageBusyException;
import dev.jprefect.server.internal.storage.StorageProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.flywaydb.core.api.FlywayException;

/**
 * Opens the server's storage in SQLite or PostgreSQL (found by the server through ServiceLoader).
 * SQLite runs in WAL mode with {@code synchronous=NORMAL}: a committed transaction survives the
 * process being killed (not necessarily the machine losing power).
 */
public final class JdbcStorageProvider implements StorageProvider {
    /** Connections per store: Prefect's default SQLAlchemy pool size ({@code PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_SIZE}). */
    static final int POOL_SIZE = 5;
    /**
     * The longest wait for a free connection, a lock, a busy SQLite file, or a table being loaded,
     * before a 503.
     */
    static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * Tables loaded at once (each over a connection of its own, outside the pool): a request for a
     * table waits behind at most this many loads.
     */
    static final int LOADERS = 3;
    /** The longest wait to connect to PostgreSQL and for one answer from it. */
    static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Removal markers (kept so other processes learn of a removal) are deleted every 1,000 write
     * transactions, those older than the last 10,000: the database keeps at most the markers of
     * 11,000 write transactions. A process further behind loads its tables again.
     */
    static final DatabaseStorage.Pruning PRUNING = new DatabaseStorage.Pruning(1_000, 10_000);

    @Override
    public boolean accepts(String url) {
        return DatabaseUrl.accepts(url);
    }

    @Override
    public Storage open(String url) {
        return open(url, PRUNING);
    }

    /** Opens the store with its own pruning of removal markers (tests prune often). */
    Storage open(String url, DatabaseStorage.Pruning pruning) {
        return open(url, pruning, DatabaseStorage.loaders());
    }

    /** Opens the store with its own pruning and its own runner of table loads (tests run them when they choose). */
    Storage open(String url, DatabaseStorage.Pruning pruning, Executor loaders) {
        DatabaseUrl database = DatabaseUrl.parse(url);
        try {
            if (database.file() != null && database.file().getParent() != null) {
                Files.createDirectories(database.file().getParent());
            }
            Schema.migrate(database);
        } catch (IOException | FlywayException e) {
            throw new StorageBusyException("cannot open the database " + Redact.url(url) + ": " + e.getMessage());
        }
        ConnectionPool pool = new ConnectionPool(database.jdbcUrl(), POOL_SIZE, WAIT, () -> connect(database));
        return new DatabaseStorage(database, pool, pruning, loaders);
    }

    private static Connection connect(DatabaseUrl database) throws SQLException {
        Properties p = new Properties();
        if (database.dialect() == DatabaseUrl.Dialect.SQLITE) {
            p.setProperty("journal_mode", "WAL");
            p.setProperty("synchronous", "NORMAL");
            p.setProperty("busy_timeout", String.valueOf(WAIT.toMillis()));
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
        p.setProperty("connectTimeout", String.valueOf(NETWORK_TIMEOUT.toSeconds()));
        p.setProperty("socketTimeout", String.valueOf(NETWORK_TIMEOUT.toSeconds()));
        Connection c = DriverManager.getConnection(database.jdbcUrl(), p);
        try (Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '" + WAIT.toMillis() + "ms'");
        }
        return c;
    }
}
