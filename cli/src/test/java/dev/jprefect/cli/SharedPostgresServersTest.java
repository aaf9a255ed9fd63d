package dev.jprefect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.jdbc.testing.TestPostgres;
import dev.jprefect.transport.ApiResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code jprefect server start} processes on one PostgreSQL database (a real one, which the
 * build starts), raced over HTTP: whatever one writes the other serves, and the orchestration
 * guarantees hold across the processes. Each round sends the same request from {@value #CLIENTS}
 * clients at once, half to each server: of racing Pending proposals for one run exactly one is
 * accepted, creates with one idempotency key make one run, a variable name is taken once, and a
 * flow name makes one flow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS) // each test: 5 rounds of 8 racing requests, each answered within 60 s
class SharedPostgresServersTest {
    /** The longest the build's PostgreSQL may take to start (initdb and the server, each bounded by TestPostgres). */
    private static final int POSTGRES_SECONDS = 240;
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final int CLIENTS = 8;
    private static final int ROUNDS = 5;

    private final List<ChildServer> servers = new ArrayList<>();
    /** The servers' {@code PREFECT_HOME}s; JUnit deletes them after the class, once {@link #stop} has killed the servers. */
    @TempDir
    static Path homes;
    private ExecutorService clients;
    private String flowId;

    /**
     * Starts both servers together on the empty database (both migrate it: Flyway takes turns),
     * each registered for {@link #stop} as soon as its process exists, then waits for both.
     */
    @BeforeAll
    @Timeout(value = POSTGRES_SECONDS + ChildServer.READY_SECONDS + 60, unit = TimeUnit.SECONDS)
    void startTwoServersOnOneDatabase() throws Exception {
        clients = Executors.newFixedThreadPool(CLIENTS);
        String url = TestPostgres.get().newDatabase();
        for (int i = 0; i < 2; i++) {
            servers.add(new ChildServer(Files.createDirectory(homes.resolve("server-" + i)), url));
        }
        for (ChildServer s : servers) {
            s.awaitReady(); // the two start at once: the second is ready by the time the first is, or soon after
        }
        flowId = id(servers.get(0).send("POST", "/flows/", "{\"name\":\"shared\"}"));
    }

    /** Kills every server started, whether or not its start finished. */
    @AfterAll
    void stop() throws Exception {
        if (clients != null) {
            clients.shutdownNow();
        }
        AssertionError failed = null;
        for (ChildServer s : servers) {
            try {
                s.close();
            } catch (InterruptedException | AssertionError e) {
                failed = failed == null ? new AssertionError("a server did not stop", e) : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    @Test
    void whatOneServerWritesTheOtherServes() throws Exception {
        ChildServer a = servers.get(0);
        ChildServer b = servers.get(1);
        assertThat(b.send("GET", "/flows/" + flowId, null).bodyAsString()).contains("\"name\":\"shared\"");
        String runId = id(b.send("POST", "/flow_runs/", "{\"flow_id\":\"" + flowId + "\",\"name\":\"seen-by-both\"}"));
        assertThat(a.send("POST", "/flow_runs/" + runId + "/set_state", "{\"state\":{\"type\":\"RUNNING\"}}").bodyAsString())
                .contains("\"status\":\"ACCEPT\"");
        assertThat(b.send("GET", "/flow_runs/" + runId, null).bodyAsString()).contains("\"state_type\":\"RUNNING\"");
        assertThat(b.send("POST", "/flow_runs/filter", "{\"flow_runs\":{\"name\":{\"any_\":[\"seen-by-both\"]}}}").bodyAsString())
                .contains(runId);
        // a transition decided on b starts from the state a wrote
        assertThat(b.send("POST", "/flow_runs/" + runId + "/set_state", "{\"state\":{\"type\":\"COMPLETED\"}}").bodyAsString())
                .contains("\"status\":\"ACCEPT\"");
        assertThat(a.send("GET", "/flow_run_states/?flow_run_id=" + runId, null).bodyAsString())
                .contains("\"type\":\"PENDING\"", "\"type\":\"RUNNING\"", "\"type\":\"COMPLETED\"");
    }

    @Test
    void ofRacingPendingProposalsThroughBothServersExactlyOneIsAccepted() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String runId = id(servers.get(round % 2).send("POST", "/flow_runs/",
                    "{\"flow_id\":\"" + flowId + "\",\"state\":{\"type\":\"SCHEDULED\"}}"));
            List<ApiResponse> answers = race(server -> server.send("POST", "/flow_runs/" + runId + "/set_state",
                    "{\"state\":{\"type\":\"PENDING\"}}"));
            List<String> statuses = answers.stream().map(r -> status(r.bodyAsString())).toList();
            assertThat(statuses).as("round %d: %s", round, statuses).containsOnlyOnce("ACCEPT")
                    .containsOnly("ACCEPT", "ABORT");
            String states = servers.get(1 - round % 2).send("GET", "/flow_run_states/?flow_run_id=" + runId, null).bodyAsString();
            assertThat(count(states, "\"type\":\"PENDING\"")).as(states).isEqualTo(1);
        }
    }

    @Test
    void createsWithOneIdempotencyKeyThroughBothServersMakeOneRun() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String body = "{\"flow_id\":\"" + flowId + "\",\"idempotency_key\":\"key-" + round + "\"}";
            List<ApiResponse> answers = race(server -> server.send("POST", "/flow_runs/", body));
            assertThat(answers.stream().map(SharedPostgresServersTest::id).distinct()).as("round %d", round).hasSize(1);
            assertThat(answers.stream().map(ApiResponse::status)).as("round %d", round).containsOnlyOnce(201)
                    .containsOnly(201, 200);
        }
    }

    @Test
    void aVariableNameIsTakenOnceAcrossServers() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String body = "{\"name\":\"raced_" + round + "\",\"value\":" + round + "}";
            List<ApiResponse> answers = race(server -> server.send("POST", "/variables/", body));
            assertThat(answers.stream().map(ApiResponse::status)).as("round %d", round).containsOnlyOnce(201)
                    .containsOnly(201, 409);
        }
        for (ChildServer server : servers) {
            assertThat(count(server.send("POST", "/variables/filter", "{}").bodyAsString(), "\"name\":\"raced_"))
                    .isEqualTo(ROUNDS);
        }
    }

    @Test
    void aFlowNameMakesOneFlowAcrossServers() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String body = "{\"name\":\"raced-flow-" + round + "\"}";
            List<ApiResponse> answers = race(server -> server.send("POST", "/flows/", body));
            assertThat(answers.stream().map(SharedPostgresServersTest::id).distinct()).as("round %d", round).hasSize(1);
        }
    }

    /** One call, made by a client of the server it is given. */
    private interface Call {
        ApiResponse send(ChildServer server) throws Exception;
    }

    /** Makes {@code call} from {@value #CLIENTS} clients at once, alternately to each server; returns the answers. */
    private List<ApiResponse> race(Call call) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ApiResponse>> pending = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            ChildServer server = servers.get(i % 2);
            pending.add(clients.submit(() -> {
                assertThat(go.await(60, TimeUnit.SECONDS)).isTrue();
                return call.send(server);
            }));
        }
        go.countDown();
        List<ApiResponse> answers = new ArrayList<>();
        for (Future<ApiResponse> f : pending) {
            answers.add(f.get(120, TimeUnit.SECONDS));
        }
        return answers;
    }

    private static String id(ApiResponse response) {
        assertThat(response.status()).as(response.bodyAsString()).isIn(200, 201);
        Matcher m = ID.matcher(response.bodyAsString());
        assertThat(m.find()).as(response.bodyAsString()).isTrue();
        return m.group(1);
    }

    private static String status(String body) {
        Matcher m = Pattern.compile("\"status\":\"([A-Z]+)\"").matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
