package dev.jprefect.server.jdbc.internal;

import dev.jprefect.server.contract.StorageContract;
import dev.jprefect.server.internal.storage.Storage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The storage contract on a database store: each test's store is a new database. */
abstract class DatabaseStorageContract extends StorageContract {
    private final List<Storage> opened = new ArrayList<>();

    /** Returns the URL of a new, empty database. */
    abstract String newDatabase();

    /** The URL of each store {@link #newStorage} opened. */
    private final Map<Storage, String> urls = new HashMap<>();

    @Override
    protected Storage newStorage() {
        String url = newDatabase();
        Storage s = new JdbcStorageProvider().open(url, Limits.DEFAULTS);
        opened.add(s);
        urls.put(s, url);
        return s;
    }

    /** A second store on the same database, as after a restart: it loads each table when first asked for. */
    @Override
    protected Storage reopened(Storage written) {
        Storage s = new JdbcStorageProvider().open(urls.get(written), Limits.DEFAULTS);
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
