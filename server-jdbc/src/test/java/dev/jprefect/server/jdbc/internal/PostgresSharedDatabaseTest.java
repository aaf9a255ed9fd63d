package dev.jprefect.server.jdbc.internal;

import dev.jprefect.server.jdbc.testing.TestPostgres;

/** Two stores on one PostgreSQL database, as two server processes sharing it. */
class PostgresSharedDatabaseTest extends SharedDatabaseContract {
    @Override
    String newDatabase() {
        return TestPostgres.get().newDatabase();
    }
}
