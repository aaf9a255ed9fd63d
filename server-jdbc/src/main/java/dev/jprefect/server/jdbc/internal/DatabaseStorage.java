package dev.jprefect.server.jdbc.internal;

import dev.jprefect.server.internal.storage.InMemoryStorage;
import dev.jprefect.server.internal.storage.InMemoryStorage.Change;
import dev.jprefect.server.internal.storage.Row;
import dev.jprefect.server.internal.storage.RowCodec;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.StorageBusyException;
import dev.jprefect.server.internal.storage.Table;
import dev.jprefect.server.internal.storage.TableLoadingException;
import dev.jprefect.server.internal.storage.TableSpec;
import dev.jprefect.server.internal.storage.Transaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * {@link Storage} whose rows live in a SQLite or PostgreSQL database and are served from memory:
 * every committed write transaction is in the database before its work returns, and queries are
 * answered by an indexed {@link InMemoryStorage} that mirrors the database.
 *
 * <p><b>Writes.</b> A write transaction opens a database transaction and first takes the row lock
 * of {@code jprefect_version} (incrementing it), so write transactions of every process sharing
 * the database take turns: the database, not a JVM lock, is what makes the orchestration rules'
 * read-then-write atomic across processes (one winner of racing transitions, idempotent creates,
 * unique names). Holding it, the store applies what other processes committed since it last
 * looked, runs the work in memory, writes the rows the work changed with the new version, and
 * commits; if anything fails, both the database and the memory are rolled back.
 *
 * <p><b>Reads.</b> A read transaction asks the database for the last version (one small query)
 * and applies what other processes committed first, then reads memory. A process alone on its
 * database finds nothing to apply.
 *
 * <p><b>Loading.</b> Opening reads nothing but the last version. Each table is read from the
 * database in the background: those the server {@linkplain #prepare prepares} as it starts, the
 * others the first time a transaction asks for them ({@link InMemoryStorage.Loader}). Rows are read
 * and decoded outside the memory's lock, indexed outside it too, and the table is put in place in
 * one short write transaction with the changes committed since it was read. A transaction that
 * asks for a table still loading is undone, waits for the load outside every lock (so other
 * transactions go on meanwhile) and runs again; it waits at most {@link Limits#loadTimeout()}
 * ({@code PREFECT_SERVER_DATABASE_TABLE_LOAD_TIMEOUT}), then gets a {@link StorageBusyException} (a 503, which clients retry) while the load goes on.
 * Changes of other processes are applied to a loaded table only when newer than the version it was
 * read at, and not at all to a table not loaded yet (it will load them). So a server starts in the
 * same time whatever its database holds, and tables nobody asks for (the logs, the state history)
 * never take heap.
 *
 * <p>The heap holds every row of the loaded tables, as the in-memory store does (see the storage
 * figures in the docs); the database holds each row once, as JSON, removed rows as an empty marker.
 */
final class DatabaseStorage implements Storage {
    private final DatabaseUrl url;
    private final ConnectionPool pool;
    private final InMemoryStorage memory = new InMemoryStorage(this::startLoading);
    /** The version each loaded table was read at: its rows hold every change up to it. */
    private final Map<String, Long> loadedAt = new ConcurrentHashMap<>();
    /** Guards {@link #seen} and the application of other processes' changes. */
    private final Object catchUp = new Object();
    /** The last version this process's memory holds. */
    private long seen;
    private final ThreadLocal<Boolean> writing = new ThreadLocal<>();
    /**
     * Queues this process's writers in order, so they do not all poll the database's lock (SQLite's
     * busy handler is not fair: a writer could starve). The database's lock alone orders writers of
     * different processes.
     */
    private final ReentrantLock localWriters = new ReentrantLock(true);
    /** The declarations of the tables met so far, by name. */
    private final Map<String, TableSpec<?>> tables = new ConcurrentHashMap<>();
    /** The tables whose row class is committed in {@code jprefect_table}. */
    private final Set<String> recorded = ConcurrentHashMap.newKeySet();
    private final Limits limits;
    /** The loads of tables in progress, by name; each ends by putting its table in memory (or failing). */
    private final Map<String, CompletableFuture<Void>> loading = new ConcurrentHashMap<>();
    /** Runs the loads, each over a connection of its own. */
    private final Executor loaders;
    /** Counts {@link InMemoryStorage#forgetAll}s (guarded by {@link #catchUp}): a load begun before one is dropped. */
    private long generation;

    /**
     * When removal markers are deleted: every {@code every} write transactions, the markers older
     * than the last {@code keep} write transactions. A process whose memory is older than the
     * markers deleted forgets its tables and loads them again.
     */
    record Pruning(long every, long keep) {
    }

    /**
     * @param loaders runs the loads of tables (shut down with the store if it is an
     *     {@link ExecutorService}); {@link #loaders(int)} in a server
     */
    DatabaseStorage(DatabaseUrl url, ConnectionPool pool, Limits limits, Executor loaders) {
        this.url = url;
        this.pool = pool;
        this.limits = limits;
        this.loaders = loaders;
        this.seen = pool.use(DatabaseStorage::versions).last(); // no table is loaded: each loads when first used
    }

    /** {@code count} daemon threads that load tables ({@link Limits#loaders()}). */
    static ExecutorService loaders(int count) {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newFixedThreadPool(count, work -> {
            Thread t = new Thread(work, "jprefect-table-loader-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts loading each of {@code tables} not in memory yet, in order, in the background. */
    @Override
    public void prepare(List<TableSpec<?>> tables) {
        for (TableSpec<?> spec : tables) {
            if (!memory.holds(spec.name())) {
                startLoading(spec);
            }
        }
    }

    @Override
    public <T> T read(Function<Transaction, T> work) {
        if (Boolean.TRUE.equals(writing.get())) {
            return memory.read(work);
        }
        long deadline = System.nanoTime() + limits.loadTimeout().toNanos();
        while (true) {
            pool.use(c -> {
                applyCommitted(c, versions(c));
                return null;
            });
            try {
                return memory.read(work);
            } catch (TableLoadingException e) {
                awaitLoad(e, deadline);
            }
        }
    }

    @Override
    public <T> T write(Function<Transaction, T> work) {
        if (Boolean.TRUE.equals(writing.get())) {
            return memory.write(work); // nested: joins the outer transaction
        }
        long deadline = System.nanoTime() + limits.loadTimeout().toNanos();
        while (true) {
            TableLoadingException found;
            takeWritersTurn();
            writing.set(Boolean.TRUE);
            try {
                return pool.use(c -> inTransaction(c, work));
            } catch (TableLoadingException e) {
                found = e; // rolled back: run again once the table is in memory
            } finally {
                writing.remove();
                localWriters.unlock();
            }
            awaitLoad(found, deadline); // outside the writers' turn: others write meanwhile
        }
    }

    /**
     * Waits, until {@code deadline} at the latest, for the load of the table a transaction found
     * loading; the transaction then runs again. Past the deadline the caller gets a
     * {@link StorageBusyException} (a 503, which clients retry), the load going on.
     */
    private void awaitLoad(TableLoadingException e, long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw stillLoading(e);
        }
        CompletableFuture<Void> load = loading.get(e.table());
        if (load == null) {
            return; // loaded (or failed, to be started again) meanwhile: run the transaction again
        }
        try {
            load.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException timeout) {
            throw stillLoading(e);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            throw cause instanceof StorageBusyException busy ? busy
                    : new StorageBusyException("loading the table " + e.table() + " of " + url + " failed: " + cause);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new StorageBusyException("interrupted while waiting for the table " + e.table() + " to load");
        }
    }

    private <T> T inTransaction(Connection c, Function<Transaction, T> work) throws SQLException {
        c.setAutoCommit(false);
        boolean committed = false;
        try {
            Versions next = nextVersion(c);
            long version = next.last();
            applyCommitted(c, new Versions(version - 1, next.pruned()));
            T result = memory.write(work, changes -> {
                try {
                    List<String> newTables = store(c, changes, version);
                    if (version % limits.pruning().every() == 0 && version > limits.pruning().keep()) {
                        prune(c, version - limits.pruning().keep());
                    }
                    c.commit();
                    recorded.addAll(newTables);
                } catch (SQLException e) {
                    throw busy("could not commit to " + url, e);
                }
            });
            committed = true;
            synchronized (catchUp) {
                seen = Math.max(seen, version);
            }
            return result;
        } finally {
            if (!committed) {
                rollback(c);
            }
            c.setAutoCommit(true);
        }
    }

    /** Takes this process's writers' turn, waiting at most as long as for a pooled connection. */
    private void takeWritersTurn() {
        try {
            if (!localWriters.tryLock(limits.poolTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new StorageBusyException("no write transaction began within " + limits.poolTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageBusyException("interrupted while waiting to write");
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is reset or closed by the pool if it is broken
        }
    }

    /**
     * The last committed write transaction's version, and the version up to which removal markers
     * may have been deleted.
     */
    private record Versions(long last, long pruned) {
    }

    /** Takes the writers' turn (the row lock of the version row) and returns this transaction's version. */
    private static Versions nextVersion(Connection c) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE jprefect_version SET version = version + 1 WHERE id = 1 RETURNING version, pruned");
             ResultSet rs = update.executeQuery()) {
            rs.next();
            return new Versions(rs.getLong(1), rs.getLong(2));
        }
    }

    private static Versions versions(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT version, pruned FROM jprefect_version WHERE id = 1");
             ResultSet rs = select.executeQuery()) {
            rs.next();
            return new Versions(rs.getLong(1), rs.getLong(2));
        }
    }

    /**
     * Deletes the removal markers of versions up to {@code upTo} (in the writers' turn, with the
     * transaction that calls it) and records that they may be gone.
     */
    private static void prune(Connection c, long upTo) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM jprefect_row WHERE body IS NULL AND version <= ?");
             PreparedStatement record = c.prepareStatement("UPDATE jprefect_version SET pruned = ? WHERE id = 1 AND pruned < ?")) {
            delete.setLong(1, upTo);
            delete.executeUpdate();
            record.setLong(1, upTo);
            record.setLong(2, upTo);
            record.executeUpdate();
        }
    }

    /**
     * Applies to the loaded tables the rows committed with versions after {@link #seen}, up to
     * {@code to.last()}, that are newer than the table's load. If removal markers this process has
     * not applied may have been deleted, it forgets every table instead: each loads again when
     * next used.
     */
    private void applyCommitted(Connection c, Versions to) throws SQLException {
        long upTo = to.last();
        synchronized (catchUp) {
            if (seen >= upTo) {
                return;
            }
            if (seen < to.pruned()) {
                memory.forgetAll();
                loadedAt.clear();
                generation++;
                seen = upTo;
                return;
            }
            List<Committed> committed = committed(c, "r.version > ? AND r.version <= ?", seen, upTo);
            memory.write(tx -> {
                committed.forEach(row -> apply(tx, row));
                return null;
            });
            seen = upTo;
        }
    }

    /** The rows (removed ones with a null body) meeting {@code where} with {@code arguments}, in insertion order. */
    private static List<Committed> committed(Connection c, String where, Object... arguments) throws SQLException {
        List<Committed> committed = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT r.table_name, r.id, r.version, r.body, t.row_type"
                + " FROM jprefect_row r JOIN jprefect_table t ON t.name = r.table_name"
                + " WHERE " + where + " ORDER BY r.position")) {
            for (int i = 0; i < arguments.length; i++) {
                select.setObject(i + 1, arguments[i]);
            }
            select.setFetchSize(1000);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    committed.add(new Committed(rs.getString(1), UUID.fromString(rs.getString(2)), rs.getLong(3),
                            rs.getString(4), rs.getString(5)));
                }
            }
        }
        return committed;
    }

    /** A row as another process committed it: its body null once removed. */
    private record Committed(String table, UUID id, long version, String body, String rowType) {
    }

    private void apply(Transaction tx, Committed row) {
        Long loaded = loadedAt.get(row.table());
        if (loaded == null || row.version() <= loaded || !memory.holds(row.table())) {
            return; // the table will load this row when first used, or has loaded it already
        }
        put(tx, row);
    }

    /** Puts {@code row} in memory as committed (removes it if its body is null). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void put(Transaction tx, Committed row) {
        Class<?> type = rowClass(row.rowType());
        Table table = tx.table((TableSpec) tables.computeIfAbsent(row.table(), name -> RowCodec.declaredTable(type, name)));
        if (row.body() == null) {
            table.remove(row.id());
        } else {
            table.put(read(type, row.body()));
        }
    }

    private StorageBusyException stillLoading(TableLoadingException e) {
        return new StorageBusyException("the table " + e.table() + " of " + url + " is still loading after "
                + limits.loadTimeout() + "; try again");
    }

    /**
     * The memory's {@link InMemoryStorage.Loader}: starts loading the table in the background (if
     * it is not loading already) and answers that its rows are not at hand, so the transaction that
     * asked gives up the memory's lock and waits for the load outside it ({@link #awaitLoad}).
     */
    private List<Row<?>> startLoading(TableSpec<?> spec) {
        tables.putIfAbsent(spec.name(), spec);
        loading.computeIfAbsent(spec.name(), name -> {
            CompletableFuture<Void> load = new CompletableFuture<>();
            loaders.execute(() -> {
                try {
                    loadAndInstall(spec);
                    load.complete(null);
                } catch (RuntimeException | Error e) {
                    load.completeExceptionally(e);
                } finally {
                    loading.remove(name, load);
                }
            });
            return load;
        });
        return null;
    }

    /**
     * Reads a table's rows in insertion order over a connection of its own, without any lock,
     * the version first (every change up to it is in the rows read after), and indexes them, still
     * without a lock (transactions go on meanwhile); then, holding
     * {@link #catchUp} so no other change is applied meanwhile, reads what was committed to the
     * table after that version up to {@link #seen} (skipped while it was not in memory) and puts
     * the table with those changes in memory. A load overtaken by {@link InMemoryStorage#forgetAll},
     * or whose version is older than the removal markers kept, is dropped: the next use loads again.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void loadAndInstall(TableSpec<?> spec) {
        long started;
        synchronized (catchUp) {
            started = generation;
        }
        long[] at = new long[1];
        List<Row<?>> rows = pool.separately(c -> {
            boolean paged = url.dialect() == DatabaseUrl.Dialect.POSTGRESQL;
            if (paged) {
                // one snapshot for the version and every page (read in turn, each a short statement
                // within the statement timeout: one statement over a million rows is not, and
                // PostgreSQL may plan it as a sort of the whole table before the first row)
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            at[0] = versions(c).last();
            List<Row<?>> read = new ArrayList<>();
            String rowType = rowType(c, spec.name());
            if (rowType == null) {
                return read; // never written to
            }
            Decoding decoding = new Decoding(rowClass(rowType));
            try (PreparedStatement select = c.prepareStatement("SELECT position, body FROM jprefect_row"
                    + " WHERE table_name = ? AND position > ? AND body IS NOT NULL ORDER BY position"
                    + (paged ? " LIMIT " + LOAD_BATCH : ""))) {
                select.setFetchSize(LOAD_BATCH); // SQLite reads the table in one statement, by batches
                long after = Long.MIN_VALUE;
                int inPage;
                do {
                    select.setString(1, spec.name());
                    select.setLong(2, after);
                    inPage = 0;
                    List<byte[]> bodies = new ArrayList<>(LOAD_BATCH);
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            after = rs.getLong(1);
                            bodies.add(rs.getBytes(2)); // the stored UTF-8 text, not made a string first
                            inPage++;
                            if (bodies.size() == LOAD_BATCH) {
                                decoding.decode(bodies, read);
                                bodies.clear();
                            }
                        }
                    }
                    decoding.decode(bodies, read);
                } while (paged && inPage == LOAD_BATCH);
            }
            return read;
        });
        // indexed before taking the catch-up monitor: every transaction takes it first, so indexing
        // under it (tens of seconds at a million rows) would hold up all of them, past any bound
        InMemoryStorage.Indexed<?> indexed = memory.index((TableSpec) spec, (List) rows);
        synchronized (catchUp) {
            if (started != generation) {
                return;
            }
            long upTo = seen;
            List<Committed> later = pool.aside(c -> {
                if (at[0] < versions(c).pruned()) {
                    return null;
                }
                return committed(c, "r.table_name = ? AND r.version > ? AND r.version <= ?", spec.name(), at[0], upTo);
            });
            if (later == null) {
                return;
            }
            memory.install(indexed, tx -> later.forEach(row -> put(tx, row)));
            loadedAt.put(spec.name(), at[0]);
        }
    }

    /**
     * Rows read and decoded at once while a table loads (on PostgreSQL, the rows of one statement):
     * large, since a load reads the whole table.
     */
    static final int LOAD_BATCH = 10_000;

    /** The row class recorded for the table named {@code name}, or null if no row of it was ever written. */
    private static String rowType(Connection c, String name) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT row_type FROM jprefect_table WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * Decodes the rows of one table's load on every core: each batch of stored rows is cut into
     * one part per core, decoded side by side (the loader's thread and the common pool's), each
     * part by a {@link RowCodec.Reader} of its own, which keeps equal values once across the load.
     */
    private static final class Decoding {
        private final Class<?> type;
        private final RowCodec.Reader[] readers;

        Decoding(Class<?> type) {
            this.type = type;
            this.readers = new RowCodec.Reader[Math.max(1, Runtime.getRuntime().availableProcessors())];
            Arrays.setAll(readers, i -> RowCodec.reader());
        }

        /** Decodes {@code bodies} (each the UTF-8 JSON of a row) and adds the rows to {@code into}, in order. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        void decode(List<byte[]> bodies, List<Row<?>> into) {
            int n = bodies.size();
            if (n == 0) {
                return;
            }
            Row<?>[] rows = new Row<?>[n];
            int parts = Math.min(readers.length, Math.max(1, n / 1_000));
            IntStream.range(0, parts).parallel().forEach(part -> {
                for (int i = part * n / parts; i < (part + 1) * n / parts; i++) {
                    rows[i] = readers[part].read((Class) type, bodies.get(i));
                }
            });
            into.addAll(Arrays.asList(rows));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Row<?> read(Class<?> type, String body) {
        return RowCodec.read((Class) type, body);
    }

    private static Class<?> rowClass(String name) {
        try {
            return Class.forName(name, false, Row.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the database holds rows of " + name + ", which this server does not know", e);
        }
    }

    /**
     * Writes the rows a transaction changed, with its version; new rows take their insertion
     * position from it. Returns the tables it recorded for the first time.
     */
    private List<String> store(Connection c, List<Change> changes, long version) throws SQLException {
        List<String> newTables = new ArrayList<>();
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO jprefect_row (table_name, id, version, position, body)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (table_name, id) DO UPDATE SET version = excluded.version,"
                + " body = excluded.body, position = CASE WHEN jprefect_row.body IS NULL THEN excluded.position"
                + " ELSE jprefect_row.position END");
             PreparedStatement remove = c.prepareStatement(
                     "UPDATE jprefect_row SET version = ?, body = NULL WHERE table_name = ? AND id = ?")) {
            long position = version << 24;
            for (Change change : changes) {
                String table = change.table().name();
                if (change.row() == null) {
                    remove.setLong(1, version);
                    remove.setString(2, table);
                    remove.setString(3, change.id().toString());
                    remove.addBatch();
                } else {
                    if (!recorded.contains(table) && !newTables.contains(table)) {
                        recordTable(c, change.table(), change.row().getClass());
                        newTables.add(table);
                    }
                    upsert.setString(1, table);
                    upsert.setString(2, change.id().toString());
                    upsert.setLong(3, version);
                    upsert.setLong(4, position++);
                    upsert.setString(5, RowCodec.write(change.row()));
                    upsert.addBatch();
                }
            }
            upsert.executeBatch();
            remove.executeBatch();
        }
        return newTables;
    }

    /** Records a table's row class (if no process has) the first time this process writes to it. */
    private void recordTable(Connection c, TableSpec<?> spec, Class<?> rowType) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO jprefect_table (name, row_type) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
            insert.setString(1, spec.name());
            insert.setString(2, rowType.getName());
            insert.executeUpdate();
        }
        tables.putIfAbsent(spec.name(), spec);
    }

    static StorageBusyException busy(String what, SQLException e) {
        return new StorageBusyException(what + ": " + e.getMessage() + " (SQL state " + e.getSQLState() + ")");
    }

    @Override
    public void close() {
        if (loaders instanceof ExecutorService service) {
            service.shutdownNow();
        }
        pool.close();
    }

    @Override
    public String toString() {
        return "rows in " + url;
    }
}
