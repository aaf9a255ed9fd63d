package dev.jprefect.server.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.server.PrefectServer;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.ConflictException;
import dev.jprefect.server.internal.storage.FlowRow;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.Query;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.StorageBusyException;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two stores over one database, as two server processes sharing it: each sees what the other
 * committed, read-then-write work never loses an update, a unique key is taken once, and two
 * servers' clients never hold more slots of a concurrency limit than it has. The
 * stores share no JVM object; only the database is between them.
 */
abstract class SharedDatabaseContract {
    /** How many times a request a busy store refused (503) is sent again. */
    private static final int BUSY_RETRIES = 20;

    private final List<Storage> opened = new ArrayList<>();

    /** Returns the URL of a new, empty database. */
    abstract String newDatabase();

    Storage open(String url) {
        return open(url, Limits.DEFAULTS);
    }

    Storage open(String url, Limits limits) {
        Storage s = new JdbcStorageProvider().open(url, limits);
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(Storage::close);
    }

    /**
     * A table of more rows than a load reads at once (on PostgreSQL, in several statements) loads
     * whole, in insertion order, each row once, with what was removed left out.
     */
    @Test
    void aTableOfMoreRowsThanALoadBatchLoadsWholeInOrder() {
        String url = newDatabase();
        Storage writer = open(url);
        int n = DatabaseStorage.LOAD_BATCH * 2 + 7;
        List<UUID> ids = new ArrayList<>();
        writer.write(tx -> {
            for (int i = 0; i < n; i++) {
                FlowRow f = new FlowRow();
                f.id = UUID.randomUUID();
                f.created = Instant.EPOCH;
                f.updated = Instant.EPOCH;
                f.name = "flow-" + i;
                tx.table(FlowRow.TABLE).put(f);
                ids.add(f.id);
            }
            return null;
        });
        UUID removed = ids.remove(DatabaseStorage.LOAD_BATCH); // the first row of a second batch
        writer.write(tx -> tx.table(FlowRow.TABLE).remove(removed));
        Storage restarted = open(url);
        List<UUID> loaded = restarted.read(tx -> tx.table(FlowRow.TABLE).find(Query.all())).stream().map(f -> f.id).toList();
        assertThat(loaded).isEqualTo(ids);
    }

    @Test
    void twoServersOnOneDatabaseNeverHoldMoreSlotsOfALimitThanItHas() throws Exception {
        String url = newDatabase();
        PrefectServer a = server(url);
        PrefectServer b = server(url);
        int clients = 10;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            assertThat(send(a, "/api/v2/concurrency_limits/", "{\"name\":\"db\",\"limit\":3}").status()).isEqualTo(201);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                PrefectServer server = i % 2 == 0 ? a : b;
                answers.add(pool.submit(() -> {
                    start.await();
                    return send(server, "/api/v2/concurrency_limits/increment-with-lease",
                            "{\"names\":[\"db\"],\"slots\":1}").status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(2, TimeUnit.MINUTES));
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(3);
            assertThat(statuses).filteredOn(s -> s == 423).hasSize(clients - 3);
            assertThat(send(b, "/api/v2/concurrency_limits/db", null).bodyAsString()).contains("\"active_slots\":3");
        } finally {
            pool.shutdownNow();
            a.lifespan().shutdown();
            b.lifespan().shutdown();
        }
    }

    private static PrefectServer server(String url) {
        return PrefectServer.builder().settings(Settings.isolated(Map.of())).database(url).build();
    }

    /** Sends a request; a store busy beyond its bound (503) is asked again, as a client retries it. */
    private static ApiResponse send(PrefectServer server, String path, String json) {
        ApiRequest request = json == null ? ApiRequest.get(URI.create(path))
                : ApiRequest.builder("POST", URI.create(path)).header("Content-Type", "application/json").body(json).build();
        ApiResponse response = server.handle(request);
        for (int retry = 0; response.status() == 503 && retry < BUSY_RETRIES; retry++) {
            response = server.handle(request);
        }
        return response;
    }

    @Test
    void whatOneStoreCommitsTheOtherReadsAndAReopenedStoreHasAllInOrder() {
        String url = newDatabase();
        Storage a = open(url);
        Storage b = open(url);
        FlowRow first = flow("first");
        FlowRow second = flow("second");
        a.write(tx -> {
            tx.table(FlowRow.TABLE).put(first);
            return null;
        });
        b.write(tx -> {
            tx.table(FlowRow.TABLE).put(second);
            return null;
        });
        assertThat(names(a)).containsExactly("first", "second");
        assertThat(names(b)).containsExactly("first", "second");
        FlowRow renamed = first.copy();
        renamed.name = "renamed";
        b.write(tx -> {
            tx.table(FlowRow.TABLE).put(renamed);
            return null;
        });
        a.write(tx -> tx.table(FlowRow.TABLE).remove(second.id));
        assertThat(names(b)).containsExactly("renamed");
        a.close();
        b.close();
        assertThat(names(open(url))).containsExactly("renamed");
    }

    @Test
    void aStoreLoadsEachTableWhenFirstUsedWithWhatWasCommittedBeforeAndAfter() {
        String url = newDatabase();
        Storage a = open(url);
        FlowRow kept = flow("kept");
        FlowRow removed = flow("removed");
        FlowRunRow firstRun = run("first-run");
        a.write(tx -> {
            tx.table(FlowRow.TABLE).put(kept);
            tx.table(FlowRow.TABLE).put(removed);
            tx.table(FlowRunRow.TABLE).put(firstRun);
            return null;
        });
        Storage b = open(url); // loads no table yet
        FlowRow renamed = kept.copy();
        renamed.name = "renamed";
        FlowRow added = flow("added");
        a.write(tx -> {
            tx.table(FlowRow.TABLE).put(renamed);
            tx.table(FlowRow.TABLE).remove(removed.id);
            tx.table(FlowRow.TABLE).put(added);
            return null;
        });
        assertThat(names(b)).containsExactly("renamed", "added"); // the flow table loads here
        FlowRow renamedAgain = added.copy();
        renamedAgain.name = "added-then-renamed";
        FlowRunRow secondRun = run("second-run");
        a.write(tx -> {
            tx.table(FlowRow.TABLE).put(renamedAgain);
            tx.table(FlowRunRow.TABLE).remove(firstRun.id);
            tx.table(FlowRunRow.TABLE).put(secondRun);
            return null;
        });
        // the run table loads inside b's write transaction, with a's changes before it
        FlowRunRow thirdRun = run("third-run");
        b.write(tx -> {
            tx.table(FlowRunRow.TABLE).put(thirdRun);
            return null;
        });
        assertThat(names(b)).containsExactly("renamed", "added-then-renamed");
        for (Storage s : List.of(a, b, open(url))) {
            assertThat(s.read(tx -> tx.table(FlowRunRow.TABLE).find(Query.all())).stream().map(r -> r.name))
                    .containsExactly("second-run", "third-run");
        }
    }

    @Test
    void aTransactionWaitsForItsTableToLoadOutsideTheLockWhileOtherTransactionsGoOn() throws Exception {
        String url = newDatabase();
        Storage a = open(url);
        a.write(tx -> {
            tx.table(FlowRow.TABLE).put(flow("first"));
            tx.table(FlowRunRow.TABLE).put(run("first-run"));
            return null;
        });
        BlockingQueue<Runnable> loads = new LinkedBlockingQueue<>();
        Storage b = new JdbcStorageProvider().open(url, Limits.DEFAULTS, loads::add); // loads run when this test says
        opened.add(b);
        b.prepare(List.of(FlowRow.TABLE));
        loads.poll(60, TimeUnit.SECONDS).run(); // the flow table, prepared: loaded before anyone asks
        assertThat(names(b)).containsExactly("first");
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<Long> runs = reader.submit(() -> b.read(tx -> tx.table(FlowRunRow.TABLE).count(Condition.always())));
            Runnable runTable = loads.poll(60, TimeUnit.SECONDS); // the reader asked for the run table and waits
            b.write(tx -> {
                tx.table(FlowRow.TABLE).put(flow("second"));
                return null;
            });
            assertThat(names(b)).containsExactly("first", "second");
            assertThat(runs).as("the read waits for its table, without the lock the write needed").isNotDone();
            a.write(tx -> {
                tx.table(FlowRunRow.TABLE).put(run("second-run"));
                return null;
            });
            runTable.run();
            assertThat(runs.get(60, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(loads).as("each table loads once").isEmpty();
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void aWriterKeptWaitingByAnotherProcessLongerThanTheDatabaseTimeoutIsToldTheStoreIsBusy() throws SQLException {
        String url = newDatabase();
        Storage store = open(url);
        Storage impatient = new JdbcStorageProvider().open(url, limits("PREFECT_SERVER_DATABASE_TIMEOUT", "0.5"));
        opened.add(impatient);
        try (Connection other = JdbcStorageProvider.connect(DatabaseUrl.parse(url), Limits.DEFAULTS)) {
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                s.executeUpdate("UPDATE jprefect_version SET version = version WHERE id = 1"); // the writers' turn, held
            }
            assertThatThrownBy(() -> impatient.write(tx -> {
                tx.table(FlowRow.TABLE).put(flow("blocked"));
                return null;
            })).isInstanceOf(StorageBusyException.class);
            other.rollback();
        }
        impatient.write(tx -> {
            tx.table(FlowRow.TABLE).put(flow("after"));
            return null;
        });
        assertThat(names(impatient)).containsExactly("after");
        assertThat(names(store)).containsExactly("after");
    }

    @Test
    void connectionsWaitForLocksAsLongAsTheDatabaseTimeoutSays() throws SQLException {
        DatabaseUrl database = DatabaseUrl.parse(newDatabase());
        boolean sqlite = database.dialect() == DatabaseUrl.Dialect.SQLITE;
        try (Connection c = JdbcStorageProvider.connect(database, limits("PREFECT_API_DATABASE_TIMEOUT", "2.5"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sqlite ? "PRAGMA busy_timeout" : "SHOW statement_timeout")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(sqlite ? "2500" : "2500ms");
        }
        if (!sqlite) { // a table's load is not a request: its reads have no statement timeout
            try (Connection c = JdbcStorageProvider.connectForLoading(database, limits("PREFECT_API_DATABASE_TIMEOUT", "2.5"));
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("0");
            }
        }
    }

    private static Limits limits(String setting, String value) {
        return Limits.of(Settings.isolated(Map.of(setting, value)));
    }

    @Test
    void removalMarkersArePrunedAndAStoreBehindThemLoadsItsTablesAgain() throws SQLException {
        String url = newDatabase();
        Limits often = Limits.of(Settings.isolated(Map.of("PREFECT_SERVER_DATABASE_TOMBSTONE_PRUNE_INTERVAL", "2",
                "PREFECT_SERVER_DATABASE_TOMBSTONE_RETENTION", "4")));
        Storage a = open(url, often);
        Storage b = open(url, often);
        List<FlowRow> doomed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            doomed.add(flow("doomed-" + i));
        }
        a.write(tx -> {
            tx.table(FlowRow.TABLE).put(flow("kept"));
            doomed.forEach(tx.table(FlowRow.TABLE)::put);
            return null;
        });
        assertThat(names(b)).hasSize(11); // b holds the flows now
        for (FlowRow f : doomed) {
            a.write(tx -> tx.table(FlowRow.TABLE).remove(f.id)); // one write transaction each
        }
        assertThat(removalMarkers(url)).as("markers left of 10 removals").isLessThan(10);
        // b missed removals whose markers are gone: it loads the table again instead of keeping them
        assertThat(names(b)).containsExactly("kept");
        assertThat(names(a)).containsExactly("kept");
    }

    private static int removalMarkers(String url) throws SQLException {
        DatabaseUrl database = DatabaseUrl.parse(url);
        Properties p = new Properties();
        if (database.user() != null) {
            p.setProperty("user", database.user());
        }
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), p);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM jprefect_row WHERE body IS NULL")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void readThenWriteWorkOfTwoStoresLosesNoUpdate() throws Exception {
        String url = newDatabase();
        List<Storage> stores = List.of(open(url), open(url));
        FlowRunRow run = run("counted");
        stores.get(0).write(tx -> {
            tx.table(FlowRunRow.TABLE).put(run);
            return null;
        });
        int threadsPerStore = 4;
        int increments = 15;
        ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerStore);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Storage store : stores) {
                for (int t = 0; t < threadsPerStore; t++) {
                    done.add(pool.submit(() -> {
                        assertThat(go.await(30, TimeUnit.SECONDS)).isTrue();
                        for (int i = 0; i < increments; i++) {
                            store.write(tx -> {
                                FlowRunRow r = tx.table(FlowRunRow.TABLE).getForUpdate(run.id).orElseThrow();
                                r.runCount++;
                                tx.table(FlowRunRow.TABLE).put(r);
                                return null;
                            });
                        }
                        return null;
                    }));
                }
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (Storage store : stores) {
            int count = store.read(tx -> tx.table(FlowRunRow.TABLE).get(run.id).orElseThrow().runCount);
            assertThat(count).isEqualTo(2 * threadsPerStore * increments);
        }
    }

    @Test
    void aUniqueNameIsTakenOnceAcrossStores() throws Exception {
        String url = newDatabase();
        List<Storage> stores = List.of(open(url), open(url));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String name = "flow-" + round;
                CountDownLatch go = new CountDownLatch(1);
                AtomicInteger conflicts = new AtomicInteger();
                List<Future<?>> done = new ArrayList<>();
                for (Storage store : stores) {
                    done.add(pool.submit(() -> {
                        assertThat(go.await(30, TimeUnit.SECONDS)).isTrue();
                        try {
                            store.write(tx -> {
                                tx.table(FlowRow.TABLE).put(flow(name));
                                return null;
                            });
                        } catch (ConflictException taken) {
                            conflicts.incrementAndGet();
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
                assertThat(conflicts).as("round %d", round).hasValue(1);
            }
        } finally {
            pool.shutdownNow();
        }
        for (Storage store : stores) {
            assertThat(names(store)).hasSize(10).doesNotHaveDuplicates();
        }
    }

    private static List<String> names(Storage s) {
        return s.read(tx -> tx.table(FlowRow.TABLE).find(Query.all())).stream().map(f -> f.name).toList();
    }

    private static FlowRunRow run(String name) {
        FlowRunRow r = new FlowRunRow();
        r.id = UUID.randomUUID();
        r.created = Instant.EPOCH;
        r.updated = Instant.EPOCH;
        r.name = name;
        return r;
    }

    private static FlowRow flow(String name) {
        FlowRow f = new FlowRow();
        f.id = UUID.randomUUID();
        f.created = Instant.EPOCH;
        f.updated = Instant.EPOCH;
        f.name = name;
        return f;
    }
}
