package dev.jprefect.server.jdbc.internal;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** Two stores on one SQLite file. */
class SqliteSharedDatabaseTest extends SharedDatabaseContract {
    @TempDir
    Path dir;
    private final AtomicInteger databases = new AtomicInteger();

    @Override
    String newDatabase() {
        return "sqlite:///" + dir.resolve("shared-" + databases.incrementAndGet() + ".db");
    }
}
