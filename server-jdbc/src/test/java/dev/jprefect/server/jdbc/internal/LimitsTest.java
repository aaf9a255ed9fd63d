package dev.jprefect.server.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.server.PrefectServer;
import dev.jprefect.server.internal.storage.StorageBusyException;
import dev.jprefect.settings.InvalidSettingException;
import dev.jprefect.settings.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database's limits come from the server's settings (Prefect's names and aliases), and bad ones are named. */
class LimitsTest {
    @TempDir
    Path dir;

    @Test
    void theDefaultsArePrefectsAndJprefectsDocumentedOnes() {
        Limits d = Limits.DEFAULTS;
        assertThat(d.poolSize()).isEqualTo(5);
        assertThat(d.poolTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.loaders()).isEqualTo(3);
        assertThat(d.loadTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.loadReadTimeout()).isEqualTo(Duration.ofSeconds(600));
        assertThat(d.pruning()).isEqualTo(new DatabaseStorage.Pruning(1_000, 10_000));
    }

    @Test
    void eachLimitIsReadFromItsSettingOrPrefectsOlderName() {
        Limits l = Limits.of(Settings.isolated(Map.of(
                "PREFECT_SQLALCHEMY_POOL_SIZE", "7",
                "PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_TIMEOUT", "1.5",
                "PREFECT_API_DATABASE_TIMEOUT", "20",
                "PREFECT_API_DATABASE_CONNECTION_TIMEOUT", "2",
                "PREFECT_SERVER_DATABASE_TABLE_LOADERS", "1",
                "PREFECT_SERVER_DATABASE_TABLE_LOAD_TIMEOUT", "90",
                "PREFECT_SERVER_DATABASE_TABLE_LOAD_READ_TIMEOUT", "120",
                "PREFECT_SERVER_DATABASE_TOMBSTONE_PRUNE_INTERVAL", "10",
                "PREFECT_SERVER_DATABASE_TOMBSTONE_RETENTION", "100")));
        assertThat(l).isEqualTo(new Limits(7, Duration.ofMillis(1_500), Duration.ofSeconds(20), Duration.ofSeconds(2), 1,
                Duration.ofSeconds(90), Duration.ofSeconds(120), new DatabaseStorage.Pruning(10, 100)));
    }

    @Test
    void aServerWithABadLimitIsNotBuiltAndTheErrorNamesTheSetting() {
        Settings bad = Settings.isolated(Map.of("PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_SIZE", "0"));
        String url = "sqlite:///" + dir.resolve("prefect.db");
        assertThatThrownBy(() -> PrefectServer.builder().settings(bad).database(url).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_SIZE='0' is not valid: expected a whole number from 1 to 10000");
        assertThat(Files.exists(dir.resolve("prefect.db"))).as("nothing was opened").isFalse();
    }

    @Test
    void aPostgresqlThatNeverAnswersIsGivenUpNotWaitedForWithoutEnd() throws Exception {
        // a loopback port whose connections the kernel accepts and nothing ever answers
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "postgresql+asyncpg://jprefect@127.0.0.1:" + silent.getLocalPort() + "/prefect";
            Limits limits = Limits.of(Settings.isolated(Map.of("PREFECT_SERVER_DATABASE_CONNECTION_TIMEOUT", "1")));
            assertThatThrownBy(() -> new JdbcStorageProvider().open(url, limits))
                    .as("Flyway's connection, as the store opens")
                    .isInstanceOf(StorageBusyException.class).hasMessageContaining("cannot open the database");
            assertThatThrownBy(() -> JdbcStorageProvider.connect(DatabaseUrl.parse(url), limits))
                    .as("a pooled connection").isInstanceOf(SQLException.class);
        }
    }

    @Test
    void aRequestWaitsForAPooledConnectionNoLongerThanThePoolTimeout() throws Exception {
        String jdbc = "jdbc:sqlite:" + dir.resolve("pool.db");
        try (ConnectionPool pool = new ConnectionPool(jdbc, 1, Duration.ofMillis(200), () -> DriverManager.getConnection(jdbc),
                () -> DriverManager.getConnection(jdbc))) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> pool.use(c -> {
                holding.countDown();
                try {
                    return release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
            assertThat(holding.await(60, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> pool.use(c -> true))
                    .isInstanceOf(StorageBusyException.class)
                    .hasMessageContaining("no connection to " + jdbc + " came free within PT0.2S");
            release.countDown();
            holder.get(60, TimeUnit.SECONDS);
            boolean valid = pool.use(c -> c.isValid(1));
            assertThat(valid).as("free again").isTrue();
        }
    }
}
