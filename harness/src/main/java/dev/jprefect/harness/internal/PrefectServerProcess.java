package dev.jprefect.harness.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.URI;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The real Prefect server as a child process: {@code prefect server start} on a free port of
 * 127.0.0.1, with a fresh temporary {@code PREFECT_HOME} (so a SQLite database of its own), the API
 * only (no UI, no background services, no analytics: nothing reaches the network), its output
 * captured in a log file in that home. {@link #close()} stops the whole process tree, bounded, and
 * deletes the home.
 */
final class PrefectServerProcess implements AutoCloseable {

    /** How long {@link #close()} waits for the tree to exit after SIGTERM before killing it. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    /** How often start-up asks {@code /api/health}. */
    private static final Duration POLL = Duration.ofMillis(100);

    /** How long one health check may take. */
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

    /** How many log lines a start-up failure shows. */
    private static final int LOG_TAIL_LINES = 30;

    private final Process process;
    private final Path home;
    private final Path log;
    private final URI apiUrl;
    private final List<String> command;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PrefectServerProcess(Process process, Path home, Path log, URI apiUrl, List<String> command) {
        this.process = process;
        this.home = home;
        this.log = log;
        this.apiUrl = apiUrl;
        this.command = command;
    }

    /**
     * Starts the server and returns once it is started; the caller then waits with
     * {@link #awaitHealthy(Duration)}.
     *
     * @param executable the {@code prefect} command
     * @param settings settings for the server, passed as environment variables (inherited
     *     {@code PREFECT_*} variables are removed first, so the test's own do not leak in)
     */
    static PrefectServerProcess start(String executable, Map<String, String> settings) {
        Path home;
        try {
            home = Files.createTempDirectory("jprefect-prefect-home-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a PREFECT_HOME for the Prefect server", e);
        }
        int port = freeLoopbackPort();
        List<String> command = List.of(executable, "server", "start", "--host", HarnessStarter.LOOPBACK,
                "--port", String.valueOf(port), "--no-services", "--no-ui", "--analytics-off");
        Path log = home.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("PREFECT_"));
        env.putAll(settings);
        env.put("PREFECT_HOME", home.toString());
        env.put("PREFECT_SERVER_ANALYTICS_ENABLED", "false");
        env.put("PREFECT_SERVER_UI_ENABLED", "false");
        env.put("PREFECT_SERVER_API_HOST", HarnessStarter.LOOPBACK);
        env.put("PREFECT_SERVER_API_PORT", String.valueOf(port));
        try {
            Process process = builder.start();
            URI apiUrl = URI.create("http://" + HarnessStarter.LOOPBACK + ":" + port + "/api");
            return new PrefectServerProcess(process, home, log, apiUrl, command);
        } catch (IOException e) {
            deleteTree(home);
            throw new IllegalStateException("could not run `" + String.join(" ", command) + "`: " + e.getMessage()
                    + " (install Prefect, or point PREFECT_TESTING_PREFECT_COMMAND at its `prefect` command)", e);
        }
    }

    /** Returns the API URL, e.g. {@code http://127.0.0.1:43117/api}. */
    URI apiUrl() {
        return apiUrl;
    }

    /** Returns the process id of the server, for tests of clean-up. */
    long pid() {
        return process.pid();
    }

    /** Returns the temporary {@code PREFECT_HOME}, deleted by {@link #close()}. */
    Path home() {
        return home;
    }

    /**
     * Waits until {@code GET /api/health} answers 200, polling; gives up at {@code timeout}, when the
     * process exits, or when the thread is interrupted.
     *
     * @throws IllegalStateException naming the command, with the log's last lines
     */
    void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw failure("exited with status " + process.exitValue() + " before answering " + apiUrl + "/health");
            }
            if (answersHealth()) {
                return;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw failure("was interrupted while waiting for " + apiUrl + "/health");
            }
            if (System.nanoTime() - deadline > 0) {
                throw failure("did not answer " + apiUrl + "/health within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("was interrupted while waiting for " + apiUrl + "/health");
            }
        }
    }

    /** Returns whether {@code GET /api/health} answers 200 now; each attempt bounded by {@link #HEALTH_TIMEOUT}. */
    private boolean answersHealth() {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) URI.create(apiUrl + "/health").toURL().openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout((int) HEALTH_TIMEOUT.toMillis());
            connection.setReadTimeout((int) HEALTH_TIMEOUT.toMillis());
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException("`" + String.join(" ", command) + "` " + what + "; last lines of its log:\n"
                + logTail());
    }

    /** Returns the last lines the server wrote. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Stops the process and every process it started (SIGTERM, then after {@link #STOP_GRACE} a
     * kill), waits for them (bounded), and deletes the temporary {@code PREFECT_HOME}. Idempotent.
     *
     * @throws IllegalStateException if a process outlived the kill or the home could not be deleted
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        List<ProcessHandle> survivors = new ArrayList<>();
        for (ProcessHandle handle : tree) {
            if (!awaitExit(handle, deadline)) {
                handle.destroyForcibly();
                survivors.add(handle);
            }
        }
        survivors.removeIf(handle -> awaitExit(handle, System.nanoTime() + STOP_GRACE.toNanos()));
        try {
            process.getInputStream().close();
            process.getOutputStream().close();
        } catch (IOException e) {
            // the pipes of a dead process: nothing to release
        }
        boolean deleted = deleteTree(home);
        if (!survivors.isEmpty() || !deleted) {
            throw new IllegalStateException("stopping the Prefect server at " + apiUrl + " left "
                    + (survivors.isEmpty() ? "" : "processes " + survivors + " ") + (deleted ? "" : "files in " + home));
        }
    }

    private static boolean awaitExit(ProcessHandle handle, long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        try {
            handle.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !handle.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HarnessStarter.LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HarnessStarter.LOOPBACK, e);
        }
    }

    /** Deletes {@code root} and everything under it; returns whether it is gone. */
    private static boolean deleteTree(Path root) {
        try {
            if (Files.exists(root)) {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                        Files.delete(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
            return true;
        } catch (IOException e) {
            return !Files.exists(root);
        }
    }

    @Override
    public String toString() {
        return "Prefect server " + apiUrl + " (pid " + process.pid() + ")";
    }
}
