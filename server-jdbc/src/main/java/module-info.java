/**
 * Defines durable storage for jprefect's embedded server: its rows in a SQLite file or a
 * PostgreSQL database, whose schema Flyway creates and migrates when the store opens. The server
 * opens it when built with a database URL ({@code PrefectServer.builder().database(url)}, which
 * {@code jprefect server start} does by default), in the form of Prefect's
 * {@code PREFECT_API_DATABASE_CONNECTION_URL}: {@code sqlite+aiosqlite:///PATH} or
 * {@code postgresql+asyncpg://USER:PASSWORD@HOST:PORT/DB}.
 *
 * <p>Exports nothing. Provides {@code dev.jprefect.server.internal.storage.StorageProvider}, the
 * server's storage service, which the server exports to this module alone. Several servers may
 * share one PostgreSQL database (or one SQLite file): their write transactions take turns through
 * the database's row lock, so orchestration's guarantees hold across processes.
 *
 * @since 0.1
 */
module dev.jprefect.server.jdbc {
    requires dev.jprefect.server;
    requires java.sql;
    requires java.logging;
    // Flyway and the PostgreSQL driver are automatic modules; SQLite's driver is a named one.
    requires flyway.core;
    // Flyway's PostgreSQL support, a plugin found as a service: required so that it is resolved on
    // the module path (`jprefect server start` on PostgreSQL), where nothing else names it
    requires flyway.database.postgresql;
    requires org.xerial.sqlitejdbc;
    requires org.postgresql.jdbc;

    provides dev.jprefect.server.internal.storage.StorageProvider
            with dev.jprefect.server.jdbc.internal.JdbcStorageProvider;
}
