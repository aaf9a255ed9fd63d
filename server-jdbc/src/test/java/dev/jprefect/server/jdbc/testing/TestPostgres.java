package dev.jprefect.server.jdbc.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for the tests, started by the build itself from Debian's package
 * ({@code /usr/lib/postgresql/N/bin}, which {@code .ci/run} installs): a new cluster in a temporary
 * directory, on a free loopback port, trusted local connections, fsync off. As root (CI), it runs
 * as the {@code postgres} user, since PostgreSQL refuses to run as root. One server per test JVM,
 * stopped when the JVM exits; each test gets a database of its own. Other modules' tests (the
 * cli's two server processes on one database) reach it through this module's test jar, which
 * holds this package alone.
 *
 * <p>Where no PostgreSQL is installed, the tests that need it are skipped with one line; under
 * {@code CI=true} they fail instead.
 */
public final class TestPostgres {
    private static final String USER = "jprefect";
    private static TestPostgres running;

    private final Path bin;
    private final Path data;
    private final int port;
    private final boolean asRoot;
    private final Process server;
    private final AtomicInteger databases = new AtomicInteger();

    private TestPostgres(Path bin) throws Exception {
        this.bin = bin;
        this.asRoot = "root".equals(System.getProperty("user.name"));
        this.data = Files.createTempDirectory("jprefect-postgres-");
        if (asRoot) {
            UserPrincipal postgres = data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(data, postgres);
        }
        try (ServerSocket free = new ServerSocket(0)) {
            this.port = free.getLocalPort();
        }
        Path cluster = data.resolve("cluster");
        run(command("initdb", "-D", cluster.toString(), "-U", USER, "-A", "trust", "-E", "UTF8", "--no-sync"));
        this.server = new ProcessBuilder(command("postgres", "-D", cluster.toString(), "-p", String.valueOf(port),
                "-h", "127.0.0.1", "-k", data.toString(), "-F", "-c", "max_connections=100"))
                .redirectErrorStream(true).redirectOutput(data.resolve("server.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "stop-test-postgres"));
        awaitConnection();
    }

    /** Returns the server, started on first use; skips the calling test (fails under CI) where PostgreSQL is missing. */
    public static synchronized TestPostgres get() {
        if (running == null) {
            Path bin = findBin();
            if (bin == null) {
                String why = "no PostgreSQL installed (initdb not found under /usr/lib/postgresql/*/bin): install Debian's"
                        + " postgresql package, as .ci/run does";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    fail(why);
                }
                Assumptions.abort("PostgreSQL tests skipped: " + why);
            }
            try {
                running = new TestPostgres(bin);
            } catch (Exception e) {
                throw new IllegalStateException("could not start PostgreSQL from " + bin + ": " + e.getMessage(), e);
            }
        }
        return running;
    }

    /** Creates a new, empty database and returns its URL in Prefect's form. */
    public String newDatabase() {
        String name = "test_" + databases.incrementAndGet();
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
        }
        return "postgresql+asyncpg://" + USER + "@127.0.0.1:" + port + "/" + name;
    }

    private Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
    }

    private void awaitConnection() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try (Connection c = connect("postgres")) {
                if (c.isValid(10)) {
                    return;
                }
            } catch (SQLException notYet) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("PostgreSQL did not start: " + Files.readString(data.resolve("server.log")), notYet);
                }
                Thread.sleep(200); // polling a starting server, bounded by the deadline
            }
        }
    }

    private List<String> command(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (asRoot) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        return command;
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(data.resolve("initdb.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + Files.readString(data.resolve("initdb.log")));
        }
    }

    private void stop() {
        try {
            run(command("pg_ctl", "stop", "-D", data.resolve("cluster").toString(), "-m", "immediate"));
        } catch (IOException | InterruptedException e) {
            server.destroyForcibly();
        }
        // A database per test makes tens of thousands of files: deleting them from this hook took more
        // than surefire's 30 s for a forked JVM's exit under load, so a process of its own removes
        // them, outliving this JVM.
        try {
            new ProcessBuilder("rm", "-rf", "--", data.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            // no rm: a temporary directory left behind
        }
    }

    private static Path findBin() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent()))).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
