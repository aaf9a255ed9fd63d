package dev.jprefect.server.jdbc.internal;

/** Two stores on one PostgreSQL database, as two server processes sharing it. */
class PostgresSharedDatabaseTest extends SharedDatabaseContract {
    @Override
    String newDatabase() {
        return TestPostgres.get().newDatabase();
    }
}
