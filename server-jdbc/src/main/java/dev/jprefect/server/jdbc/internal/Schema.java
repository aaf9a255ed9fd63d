package dev.jprefect.server.jdbc.internal;

import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * The database schema, brought up to date by Flyway when a store opens (its history in
 * {@code jprefect_schema_history}). The migrations are Java, not SQL files, so nothing has to be
 * found by scanning the class path or the module path; each is one list of statements that
 * SQLite and PostgreSQL both accept.
 *
 * <p>Version 1: rows are stored generically, one table for all of them, so a new kind of row
 * (a new {@code TableSpec}) needs no migration:
 * <ul>
 *   <li>{@code jprefect_row}: the rows, by table name and id, as JSON ({@code body}; null once
 *       removed, so other processes learn of the removal), with the {@code version} of the
 *       transaction that last wrote it and the {@code position} of its first insertion (the
 *       order ties keep);</li>
 *   <li>{@code jprefect_table}: each table's row class;</li>
 *   <li>{@code jprefect_version}: one row, the number of the last write transaction; a writer
 *       takes its row lock first, so writers of every process take turns.</li>
 * </ul>
 *
 * <p>Version 2: {@code jprefect_version.pruned}, the version up to which removal markers may have
 * been deleted (a process that has not seen that far loads its tables again).
 *
 * <p>Version 3: an index on each table's rows in insertion order, so loading a table reads it in
 * that order instead of sorting all of it (with its bodies) first.
 */
final class Schema {
    private static final List<JavaMigration> MIGRATIONS = List.of(
            new Step("1", "rows", List.of(
                    "CREATE TABLE jprefect_version (id INTEGER PRIMARY KEY, version BIGINT NOT NULL)",
                    "INSERT INTO jprefect_version (id, version) VALUES (1, 0)",
                    "CREATE TABLE jprefect_table (name VARCHAR(255) PRIMARY KEY, row_type VARCHAR(1000) NOT NULL)",
                    "CREATE TABLE jprefect_row (table_name VARCHAR(255) NOT NULL, id VARCHAR(36) NOT NULL,"
                            + " version BIGINT NOT NULL, position BIGINT NOT NULL, body TEXT,"
                            + " PRIMARY KEY (table_name, id))",
                    "CREATE INDEX jprefect_row_by_version ON jprefect_row (version)")),
            new Step("2", "pruned removal markers", List.of(
                    "ALTER TABLE jprefect_version ADD COLUMN pruned BIGINT NOT NULL DEFAULT 0")),
            new Step("3", "rows of a table in insertion order", List.of(
                    "CREATE INDEX jprefect_row_by_position ON jprefect_row (table_name, position)")));

    /** Flyway logs each step at INFO through java.util.logging; a server start shows warnings only. */
    private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

    static {
        FLYWAY_LOG.setLevel(Level.WARNING);
    }

    private Schema() {
    }

    /**
     * Creates or migrates the schema of the database at {@code url}, connecting to PostgreSQL within
     * {@link Limits#connectionTimeout()}. The migrations' statements are not bounded (an index
     * built over millions of rows takes what it takes), as Prefect's are not by default.
     */
    static void migrate(DatabaseUrl url, Limits limits) {
        String connecting = String.valueOf(Limits.seconds(limits.connectionTimeout()));
        Flyway.configure(Schema.class.getClassLoader())
                .dataSource(url.jdbcUrl(), url.user(), url.password())
                .jdbcProperties(url.dialect() == DatabaseUrl.Dialect.POSTGRESQL
                        ? Map.of("connectTimeout", connecting, "loginTimeout", connecting) : Map.of())
                .table("jprefect_schema_history")
                .locations(new String[0])
                .javaMigrations(MIGRATIONS.toArray(new JavaMigration[0]))
                .load()
                .migrate();
    }

    /** One migration: statements run in order, in one transaction. */
    private record Step(String version, String description, List<String> statements) implements JavaMigration {
        @Override
        public MigrationVersion getVersion() {
            return MigrationVersion.fromVersion(version);
        }

        @Override
        public String getDescription() {
            return description;
        }

        @Override
        public Integer getChecksum() {
            return String.join(";", statements).hashCode();
        }

        @Override
        public boolean canExecuteInTransaction() {
            return true;
        }

        @Override
        public void migrate(Context context) throws Exception {
            try (Statement s = context.getConnection().createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
        }
    }
}
