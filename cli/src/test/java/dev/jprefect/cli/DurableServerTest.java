package dev.jprefect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.cli.internal.Cli;
import dev.jprefect.cli.internal.Lifecycle;
import dev.jprefect.server.jdbc.testing.TestPostgres;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jprefect server start} keeps its rows in SQLite under {@code PREFECT_HOME}: a server
 * stopped and started again shows what it had (flows, runs, states, logs, deployments and their
 * schedules, work pools and queues, events); and a server killed with SIGKILL in the middle of a
 * burst of state transitions has, after a restart, every transition it answered ACCEPT, on SQLite
 * and on PostgreSQL (a real one the build starts; skipped with one line where none is installed,
 * failed under {@code CI=true}).
 *
 * <p>Each wait has its own bound (a child server's start {@link ChildServer#READY_SECONDS}, the
 * burst {@link #BURST_SECONDS}, each answer 60 s); a test's timeout is their sum, a backstop for a
 * hang rather than a race with a loaded machine.
 */
@SuppressWarnings("try") // the settings scope is held for its effect
@Timeout(value = 2 * ChildServer.READY_SECONDS + 2 * DurableServerTest.BURST_SECONDS, unit = TimeUnit.SECONDS)
class DurableServerTest {
    /** The longest wait for the burst's first 30 accepted transitions, and for its clients to end after the kill. */
    static final int BURST_SECONDS = 120;
    /** The longest an in-JVM server may take to start and to stop. */
    private static final int IN_JVM_SECONDS = 60;
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern URL = Pattern.compile("at (http://\\S+/api)");

    @TempDir
    Path home;

    @Test
    void aServerStoppedAndStartedAgainShowsItsFlowsRunsStatesLogsDeploymentsPoolsAndEvents() throws Exception {
        try (Settings.Scope scope = Settings.overrideForJvm(Map.of("PREFECT_HOME", home.toString()))) {
            String flowId;
            String runId;
            String deploymentId;
            try (InJvmServer server = new InJvmServer()) {
                flowId = id(server.send("POST", "/flows/", "{\"name\":\"durable-etl\"}"), 201);
                runId = id(server.send("POST", "/flow_runs/", "{\"flow_id\":\"" + flowId + "\",\"name\":\"durable-run\"}"), 201);
                ApiResponse running = server.send("POST", "/flow_runs/" + runId + "/set_state",
                        "{\"state\":{\"type\":\"RUNNING\"}}");
                assertThat(running.bodyAsString()).contains("\"status\":\"ACCEPT\"");
                ApiResponse logs = server.send("POST", "/logs/", "[{\"name\":\"etl\",\"level\":20,\"message\":\"written before the"
                        + " restart\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"flow_run_id\":\"" + runId + "\"}]");
                assertThat(logs.status()).isEqualTo(201);
                // paused, its schedule inactive: the scheduler makes no runs, so the run count stays one
                deploymentId = id(server.send("POST", "/deployments/", "{\"flow_id\":\"" + flowId + "\",\"name\":\"nightly\","
                        + "\"paused\":true,\"tags\":[\"durable\"],\"schedules\":[{\"active\":false,"
                        + "\"schedule\":{\"cron\":\"0 2 * * *\",\"timezone\":\"Europe/Zurich\"}}]}"), 201);
                id(server.send("POST", "/work_pools/", "{\"name\":\"durable-pool\",\"type\":\"process\"}"), 201);
                id(server.send("POST", "/work_pools/durable-pool/queues", "{\"name\":\"high\"}"), 201);
                assertThat(server.send("POST", "/events", "[{\"id\":\"" + UUID.randomUUID() + "\",\"occurred\":"
                        + "\"" + Instant.now() + "\",\"event\":\"durable.happened\",\"resource\":{\"prefect.resource.id\":"
                        + "\"durable.thing\"},\"payload\":{}}]").status()).isEqualTo(204);
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
                assertThat(again.send("GET", "/deployments/" + deploymentId, null).bodyAsString())
                        .contains("\"name\":\"nightly\"", "\"flow_id\":\"" + flowId + "\"", "\"tags\":[\"durable\"]",
                                "\"cron\":\"0 2 * * *\"", "\"timezone\":\"Europe/Zurich\"");
                assertThat(again.send("POST", "/deployments/filter", "{}").bodyAsString()).contains(deploymentId);
                assertThat(again.send("GET", "/flows/name/durable-etl", null).bodyAsString()).contains(flowId);
                assertThat(again.send("GET", "/work_pools/durable-pool", null).bodyAsString())
                        .contains("\"name\":\"durable-pool\"", "\"type\":\"process\"");
                assertThat(again.send("POST", "/work_pools/durable-pool/queues/filter", "{}").bodyAsString())
                        .contains("\"name\":\"high\"", "\"name\":\"default\"");
                assertThat(again.send("POST", "/events/filter", "{}").bodyAsString())
                        .contains("\"event\":\"durable.happened\"", "\"prefect.resource.id\":\"durable.thing\"");
            }
        }
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aServerKilledDuringABurstOfTransitionsKeepsEveryAcceptedOne(String store) throws Exception {
        // SQLite under PREFECT_HOME, or a new database of the build's PostgreSQL (kept when the server is killed)
        String database = store.equals("postgresql") ? TestPostgres.get().newDatabase() : null;
        List<String[]> accepted = new ArrayList<>(); // run id, state id
        try (ChildServer first = ChildServer.start(home, database)) {
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
                assertThat(enough.await(BURST_SECONDS, TimeUnit.SECONDS)).as("30 transitions accepted").isTrue();
                first.kill();
            } finally {
                burst.shutdown();
                assertThat(burst.awaitTermination(BURST_SECONDS, TimeUnit.SECONDS)).isTrue();
            }
            accepted.addAll(acks);
        }
        assertThat(accepted).hasSizeGreaterThanOrEqualTo(30);
        try (ChildServer restarted = ChildServer.start(home, database)) {
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

    /** {@code jprefect server start --port 0} in this JVM, stopped on close. */
    private static final class InJvmServer extends ServerClient implements Lifecycle {
        private final CountDownLatch waiting = new CountDownLatch(1);
        private final CountDownLatch stopRequest = new CountDownLatch(1);
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<Integer> exit;

        InJvmServer() throws Exception {
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            exit = CompletableFuture.supplyAsync(() -> Cli.run(new String[] {"server", "start", "--port", "0"}, print, print, this));
            try {
                assertThat(waiting.await(IN_JVM_SECONDS, TimeUnit.SECONDS)).as("started: %s", out).isTrue();
                Matcher m = URL.matcher(out.toString(StandardCharsets.UTF_8));
                assertThat(m.find()).as(out.toString(StandardCharsets.UTF_8)).isTrue();
                connect(URI.create(m.group(1)));
            } catch (Throwable failed) {
                stopRequest.countDown(); // a server that did start stops now, not when its wait ends
                throw failed;
            }
        }

        @Override
        public void started() {
        }

        @Override
        public void awaitStopRequest() throws InterruptedException {
            waiting.countDown();
            stopRequest.await(IN_JVM_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        public void stopped() {
        }

        @Override
        public void close() throws Exception {
            disconnect();
            stopRequest.countDown();
            assertThat(exit.get(IN_JVM_SECONDS, TimeUnit.SECONDS)).as(out.toString(StandardCharsets.UTF_8)).isZero();
        }
    }
}
