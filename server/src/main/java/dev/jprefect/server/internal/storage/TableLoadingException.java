package dev.jprefect.server.internal.storage;

/**
 * A transaction asked for a table whose rows its store is still loading (see
 * {@link InMemoryStorage.Loader}): the transaction did nothing, and may be run again once the
 * table is in memory. A store that loads tables waits for them and runs the transaction again
 * itself; if it gives up, the caller gets a {@link StorageBusyException} (a 503).
 */
public final class TableLoadingException extends StorageBusyException {
    private static final long serialVersionUID = 1L;

    private final String table;

    public TableLoadingException(String table) {
        super("the table " + table + " is still loading");
        this.table = table;
    }

    /** Returns the name of the table being loaded. */
    public String table() {
        return table;
    }
}
