package dev.jprefect.server.jdbc.internal;

/** The storage contract, on PostgreSQL (a server the build starts). */
class PostgresStorageTest extends DatabaseStorageContract {
    @Override
    String newDatabase() {
        return TestPostgres.get().newDatabase();
    }
}
