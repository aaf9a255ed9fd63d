package dev.jprefect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code jprefect server start --port 0} in a JVM of its own, on this JVM's module path, with
 * {@code PREFECT_HOME} and the database URL it is given (none: SQLite under the home). Its
 * process is killed (SIGKILL) whatever happens to the start: when {@link #start} fails or is
 * interrupted (a test's timeout), on {@link #close}, and, last, when the test JVM exits. A test
 * that starts several registers each as soon as its process exists ({@link #ChildServer}) and
 * waits for them after ({@link #awaitReady}).
 */
@SuppressWarnings("try") // close() waits for the killed process, so it may be interrupted
final class ChildServer extends ServerClient {
    /**
     * The longest a child server may take to say where it listens: a JVM start and the database's
     * opening (Flyway) on a loaded 2-core machine, where 20-60 s were seen at load 26.
     */
    static final int READY_SECONDS = 180;
    /** The longest wait for a killed child to end. */
    private static final int EXIT_SECONDS = 60;
    private static final Pattern URL = Pattern.compile("at (http://\\S+/api)");
    /** Put after the child's last line of output. */
    private static final String ENDED = "\u0000the output ended";
    /** The processes not yet seen to end: killed when the test JVM exits, if still running. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-child-servers"));
    }

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder seen = new StringBuilder();

    /** Starts the server's JVM without waiting for it: call {@link #awaitReady}, and close it in any case. */
    ChildServer(Path home, String databaseUrl) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-p", System.getProperty("jdk.module.path"),
                "-m", "dev.jprefect.cli/dev.jprefect.cli.Main", "server", "start", "--port", "0");
        builder.environment().put("PREFECT_HOME", home.toString());
        builder.environment().remove("PREFECT_API_DATABASE_CONNECTION_URL");
        builder.environment().remove("PREFECT_SERVER_DATABASE_CONNECTION_URL");
        if (databaseUrl != null) {
            builder.environment().put("PREFECT_API_DATABASE_CONNECTION_URL", databaseUrl);
        }
        builder.redirectErrorStream(true);
        process = builder.start();
        LIVE.add(process);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the process is gone
            } finally {
                lines.add(ENDED);
            }
        }, "child-server-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a server and waits until it listens ({@link #READY_SECONDS} at most); if that fails or
     * is interrupted, the process is killed before this throws.
     */
    static ChildServer start(Path home, String databaseUrl) throws Exception {
        ChildServer child = new ChildServer(home, databaseUrl);
        try {
            child.awaitReady();
            return child;
        } catch (Throwable failed) {
            try {
                child.close();
            } catch (Throwable closing) {
                failed.addSuppressed(closing);
            }
            throw failed;
        }
    }

    /** Waits, {@link #READY_SECONDS} at most, for the server to say where it listens, and connects to it. */
    void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("the server did not listen within " + READY_SECONDS + " s: " + seen);
            }
            if (line.equals(ENDED)) {
                throw new AssertionError("the server process ended before it listened: " + seen);
            }
            seen.append(line).append('\n');
            Matcher m = URL.matcher(line);
            if (m.find()) {
                connect(URI.create(m.group(1)));
                return;
            }
        }
    }

    /** Sends SIGKILL (no shutdown hook, no clean close of the database) and waits for the end. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(EXIT_SECONDS, TimeUnit.SECONDS)).as("the killed server ended").isTrue();
        LIVE.remove(process);
    }

    @Override
    public void close() throws InterruptedException {
        disconnect();
        kill();
    }
}
