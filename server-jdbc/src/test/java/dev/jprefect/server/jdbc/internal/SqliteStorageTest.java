package dev.jprefect.server.jdbc.internal;

import dev.jprefect.server.contract.StorageContract;
import dev.jprefect.server.internal.storage.Storage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract, on SQLite: each test's store is a new file. */
class SqliteStorageTest extends StorageContract {
    @TempDir
    Path dir;
    private final List<Storage> opened = new ArrayList<>();

    @Override
    protected Storage newStorage() {
        Storage s = new JdbcStorageProvider().open("sqlite+aiosqlite:///" + dir.resolve("prefect-" + opened.size() + ".db"));
        opened.add(s);
        return s;
    }

    /** Each read asks the database for its version first: fewer queries keep the suite in seconds. */
    @Override
    protected int randomQueries() {
        return 300;
    }

    @AfterEach
    void close() {
        opened.forEach(Storage::close);
    }
}
