package dev.jprefect.server.jdbc.testing;

import java.util.function.Supplier;

/**
 * New, empty databases in the PostgreSQL the build starts ({@link TestPostgres}), for the server's
 * HTTP suites run over PostgreSQL ({@code jprefect.test.databases}).
 */
public final class PostgresDatabases implements Supplier<String> {
    @Override
    public String get() {
        return TestPostgres.get().newDatabase();
    }
}
