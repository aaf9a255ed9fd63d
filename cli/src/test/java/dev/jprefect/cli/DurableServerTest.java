package dev.jprefect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.cli.internal.Cli;
import dev.jprefect.cli.internal.Lifecycle;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.Transports;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jprefect server start} keeps its rows in SQLite under {@code PREFECT_HOME}: a server
 * stopped and started again shows what it had, and a server killed with SIGKILL in the middle of
 * a burst of state transitions has, after a restart, every transition it answered ACCEPT.
 */
@SuppressWarnings("try") // the settings scope is held for its effect
class DurableServerTest {
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern URL = Pattern.compile("at (http://\\S+/api)");

    @TempDir
    Path home;

    @Test
    void aServerStoppedAndStartedAgainShowsItsFlowsRunsStatesAndLogs() throws Exception {
        try (Settings.Scope scope = Settings.overrideForJvm(Map.of("PREFECT_HOME", home.toString()))) {
            String flowId;
            String runId;
            try (InJvmServer server = new InJvmServer()) {
                flowId = id(server.send("POST", "/flows/", "{\"name\":\"durable-etl\"}"), 201);
                runId = id(server.send("POST", "/flow_runs/", "{\"flow_id\":\"" + flowId + "\",\"name\":\"durable-run\"}"), 201);
                ApiResponse running = server.send("POST", "/flow_runs/" + runId + "/set_state",
                        "{\"state\":{\"type\":\"RUNNING\"}}");
                assertThat(running.bodyAsString()).contains("\"status\":\"ACCEPT\"");
                ApiResponse logs = server.send("POST", "/logs/", "[{\"name\":\"etl\",\"level\":20,\"message\":\"written before the"
                        + " restart\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"flow_run_id\":\"" + runId + "\"}]");
                assertThat(logs.status()).isEqualTo(201);
            }
            assertThat(home.resolve("prefect.db")).exists();
            try (InJvmServer again = new InJvmServer()) {
                assertThat(again.send("GET", "/flows/" + flowId, null).bodyAsString()).contains("\"name\":\"durable-etl\"");
                String run = again.send("GET", "/flow_runs/" + runId, null).bodyAsString();
                assertThat(run).contains("\"name\":\"durable-run\"", "\"state_type\":\"RUNNING\"");
                assertThat(again.send("GET", "/flow_run_states/?flow_run_id=" + runId, null).bodyAsString())
                        .contains("\"type\":\"PENDING\"", "\"type\":\"RUNNING\"");
                assertThat(again.send("POST", "/logs/filter", "{}").bodyAsString()).contains("written before the restart");
                assertThat(again.send("POST", "/flow_runs/count", "{}").bodyAsString()).isEqualTo("1");
            }
        }
    }

    @Test
    void aServerKilledDuringABurstOfTransitionsKeepsEveryAcceptedOne() throws Exception {
        List<String[]> accepted = new ArrayList<>(); // run id, state id
        try (ChildServer first = new ChildServer(home)) {
            String flowId = id(first.send("POST", "/flows/", "{\"name\":\"crash\"}"), 201);
            List<String> runs = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                runs.add(id(first.send("POST", "/flow_runs/", "{\"flow_id\":\"" + flowId + "\"}"), 201));
            }
            ConcurrentLinkedQueue<String[]> acks = new ConcurrentLinkedQueue<>();
            CountDownLatch enough = new CountDownLatch(30);
            ExecutorService burst = Executors.newFixedThreadPool(4);
            try {
                for (String run : runs) {
                    burst.execute(() -> {
                        for (String type : List.of("PENDING", "RUNNING", "COMPLETED")) {
                            try {
                                ApiResponse r = first.send("POST", "/flow_runs/" + run + "/set_state",
                                        "{\"state\":{\"type\":\"" + type + "\"}}");
                                if (r.bodyAsString().contains("\"status\":\"ACCEPT\"")) {
                                    acks.add(new String[] {run, id(r, 201)});
                                    enough.countDown();
                                }
                            } catch (Exception killed) {
                                return; // the server is gone: this transition was never answered
                            }
                        }
                    });
                }
                assertThat(enough.await(120, TimeUnit.SECONDS)).as("30 transitions accepted").isTrue();
                first.kill();
            } finally {
                burst.shutdown();
                assertThat(burst.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
            }
            accepted.addAll(acks);
        }
        assertThat(accepted).hasSizeGreaterThanOrEqualTo(30);
        try (ChildServer restarted = new ChildServer(home)) {
            for (String[] ack : accepted) {
                String states = restarted.send("GET", "/flow_run_states/?flow_run_id=" + ack[0], null).bodyAsString();
                assertThat(states).as("the states of run %s after the restart", ack[0]).contains("\"id\":\"" + ack[1] + "\"");
            }
        }
    }

    private static String id(ApiResponse response, int status) {
        assertThat(response.status()).as(response.bodyAsString()).isEqualTo(status);
        Matcher m = ID.matcher(response.bodyAsString());
        assertThat(m.find()).as(response.bodyAsString()).isTrue();
        return m.group(1);
    }

    /** Talks to a server's API over HTTP. */
    private abstract static class Server implements AutoCloseable {
        private URI api;
        private Transport transport;

        void connect(URI apiUrl) {
            this.api = apiUrl;
            this.transport = Transports.open(TransportConfig.of(apiUrl));
        }

        ApiResponse send(String method, String path, String json) throws Exception {
            ApiRequest.Builder request = ApiRequest.builder(method, URI.create(api + path));
            if (json != null) {
                request.header("Content-Type", "application/json").body(json);
            }
            return transport.send(request.build()).get(60, TimeUnit.SECONDS);
        }

        void disconnect() {
            if (transport != null) {
                transport.close();
            }
        }
    }

    /** {@code jprefect server start --port 0} in this JVM, stopped on close. */
    private static final class InJvmServer extends Server implements Lifecycle {
        private final CountDownLatch waiting = new CountDownLatch(1);
        private final CountDownLatch stopRequest = new CountDownLatch(1);
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<Integer> exit;

        InJvmServer() throws Exception {
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            exit = CompletableFuture.supplyAsync(() -> Cli.run(new String[] {"server", "start", "--port", "0"}, print, print, this));
            assertThat(waiting.await(60, TimeUnit.SECONDS)).as("started: %s", out).isTrue();
            Matcher m = URL.matcher(out.toString(StandardCharsets.UTF_8));
            assertThat(m.find()).as(out.toString(StandardCharsets.UTF_8)).isTrue();
            connect(URI.create(m.group(1)));
        }

        @Override
        public void started() {
        }

        @Override
        public void awaitStopRequest() throws InterruptedException {
            waiting.countDown();
            stopRequest.await(60, TimeUnit.SECONDS);
        }

        @Override
        public void stopped() {
        }

        @Override
        public void close() throws Exception {
            disconnect();
            stopRequest.countDown();
            assertThat(exit.get(60, TimeUnit.SECONDS)).as(out.toString(StandardCharsets.UTF_8)).isZero();
        }
    }

    /** {@code jprefect server start --port 0} in a JVM of its own, on this JVM's module path. */
    private static final class ChildServer extends Server {
        private final Process process;

        ChildServer(Path home) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-p", System.getProperty("jdk.module.path"),
                    "-m", "dev.jprefect.cli/dev.jprefect.cli.Main", "server", "start", "--port", "0");
            builder.environment().put("PREFECT_HOME", home.toString());
            builder.environment().remove("PREFECT_API_DATABASE_CONNECTION_URL");
            builder.environment().remove("PREFECT_SERVER_DATABASE_CONNECTION_URL");
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
}
