package dev.jprefect.server.jdbc.internal;

import dev.jprefect.server.contract.StorageContract;
import dev.jprefect.server.internal.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The storage contract on a database store: each test's store is a new database. */
abstract class DatabaseStorageContract extends StorageContract {
    private final List<Storage> opened = new ArrayList<>();

    /** Returns the URL of a new, empty database. */
    abstract String newDatabase();

    @Override
    protected Storage newStorage() {
        Storage s = new JdbcStorageProvider().open(newDatabase(), Limits.DEFAULTS);
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
