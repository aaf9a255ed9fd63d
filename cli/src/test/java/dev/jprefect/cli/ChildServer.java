package dev.jprefect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code jprefect server start --port 0} in a JVM of its own, on this JVM's module path, with
 * {@code PREFECT_HOME} and the database URL it is given (none: SQLite under the home); killed with
 * SIGKILL on close if still running.
 */
@SuppressWarnings("try") // close() waits for the killed process, so it may be interrupted
final class ChildServer extends ServerClient {
    private static final Pattern URL = Pattern.compile("at (http://\\S+/api)");
    private final Process process;

    ChildServer(Path home) throws Exception {
        this(home, null);
    }

    ChildServer(Path home, String databaseUrl) throws Exception {
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
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (java.io.IOException ended) {
                // the process is gone
            }
        }, "child-server-output");
        reader.setDaemon(true);
        reader.start();
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                assertThat(process.isAlive()).as("the server process exited: %s", seen).isTrue();
                continue;
            }
            seen.append(line).append('\n');
            Matcher m = URL.matcher(line);
            if (m.find()) {
                connect(URI.create(m.group(1)));
                return;
            }
        }
        process.destroyForcibly();
        throw new AssertionError("the server did not start: " + seen);
    }

    /** Sends SIGKILL: no shutdown hook, no clean close of the database. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    @Override
    public void close() throws InterruptedException {
        disconnect();
        if (process.isAlive()) {
            kill();
        }
    }
}
