package dev.jprefect.server.jdbc.internal;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract, on SQLite files. */
class SqliteStorageTest extends DatabaseStorageContract {
    @TempDir
    Path dir;
    private final AtomicInteger databases = new AtomicInteger();

    @Override
    String newDatabase() {
        return "sqlite+aiosqlite:///" + dir.resolve("prefect-" + databases.incrementAndGet() + ".db");
    }
}
