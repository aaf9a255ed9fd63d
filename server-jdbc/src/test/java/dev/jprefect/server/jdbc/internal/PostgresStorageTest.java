package dev.jprefect.server.jdbc.internal;

import dev.jprefect.server.jdbc.testing.TestPostgres;

/** The storage contract, on PostgreSQL (a server the build starts). */
class PostgresStorageTest extends DatabaseStorageContract {
    @Override
    String newDatabase() {
        return TestPostgres.get().newDatabase();
    }
}
