package dev.jprefect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.cli.internal.Cli;
import dev.jprefect.cli.internal.Lifecycle;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientBuilder;
import dev.jprefect.client.schemas.Deployment;
import dev.jprefect.client.schemas.DeploymentCreate;
import dev.jprefect.client.schemas.Flow;
import dev.jprefect.client.schemas.FlowCreate;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.FlowRunCreate;
import dev.jprefect.client.schemas.StateCreate;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.server.PrefectServer;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.Transports;
import dev.jprefect.transport.netty.NettyServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jprefect}'s command line: help, errors, and {@code server start} on a loopback port. */
@SuppressWarnings("try") // settings scopes and leases are held for their effect, not referenced
class CliTest {
    /** PREFECT_HOME of every server these tests start: their SQLite databases go there. */
    @TempDir
    static Path home;
    private static Settings.Scope homeScope;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    /** A lifecycle the test stops by hand. */
    private static final class TestLifecycle implements Lifecycle {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch waiting = new CountDownLatch(1);
        final CountDownLatch stopRequest = new CountDownLatch(1);
        final CountDownLatch stopped = new CountDownLatch(1);

        @Override
        public void started() {
            started.countDown();
        }

        @Override
        public void awaitStopRequest() throws InterruptedException {
            waiting.countDown();
            stopRequest.await(30, TimeUnit.SECONDS);
        }

        @Override
        public void stopped() {
            stopped.countDown();
        }
    }

    @BeforeAll
    static void isolateHome() {
        homeScope = Settings.overrideForJvm(Map.of("PREFECT_HOME", home.toString()));
    }

    @AfterAll
    static void restoreHome() {
        homeScope.close();
    }

    private int run(String... args) {
        return Cli.run(args, out, err, new TestLifecycle());
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("Usage: jprefect <command>").contains("server start");
        assertThat(run("server", "start", "-h")).isZero();
        assertThat(out()).contains("--port PORT").contains("PREFECT_SERVER_API_PORT");
    }

    @Test
    void noArgumentsPrintsUsageAsAnError() {
        assertThat(run()).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("Usage: jprefect");
    }

    @Test
    void anUnknownCommandIsNamed() {
        assertThat(run("serve")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("jprefect: unknown command 'serve'").contains("jprefect --help");
        assertThat(run("server", "stop")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("unknown command 'stop'");
    }

    @Test
    void anUnknownOptionIsNamed() {
        assertThat(run("server", "start", "--verbose")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("jprefect server start: unknown option '--verbose'");
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        assertThat(run("server", "start", "--port", "70000")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("--port must be a whole number from 0 to 65535, was '70000'");
        assertThat(run("server", "start", "--port=abc")).isEqualTo(Cli.USAGE);
        assertThat(run("server", "start", "--port")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("option --port needs a value");
    }

    @Test
    void aBadPortSettingIsNamed() {
        try (Settings.Scope scope = Settings.override(Map.of("PREFECT_SERVER_API_PORT", "many"))) {
            assertThat(run("server", "start")).isEqualTo(Cli.USAGE);
        }
        assertThat(err()).contains("PREFECT_SERVER_API_PORT");
    }

    @Test
    void aBadServerLimitSettingIsNamed() {
        try (Settings.Scope scope = Settings.override(Map.of("PREFECT_SERVER_API_KEEPALIVE_TIMEOUT", "-1"))) {
            assertThat(run("server", "start", "--port", "0")).isEqualTo(Cli.USAGE);
        }
        assertThat(err()).contains("PREFECT_SERVER_API_KEEPALIVE_TIMEOUT");
    }

    @Test
    void serverStartAppliesTheServerLimitSettings() throws Exception {
        TestLifecycle lifecycle = new TestLifecycle();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try (Settings.Scope scope = Settings.override(Map.of("PREFECT_SERVER_API_MAX_BODY_SIZE", "10"))) {
                return Cli.run(new String[] {"server", "start", "--port", "0"}, out, err, lifecycle);
            }
        });
        assertThat(lifecycle.waiting.await(30, TimeUnit.SECONDS)).as("server started; err: %s", err()).isTrue();
        Matcher printed = Pattern.compile("at (http://\\S+/api)").matcher(out());
        assertThat(printed.find()).as("the API URL is printed: %s", out()).isTrue();
        URI api = URI.create(printed.group(1));
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /api/flows/ HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();

            assertThat(statusLine).as("a body over PREFECT_SERVER_API_MAX_BODY_SIZE").startsWith("HTTP/1.1 413");
        }
        lifecycle.stopRequest.countDown();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aPortInUseIsNamed() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThat(run("server", "start", "--host", "127.0.0.1", "--port", String.valueOf(port))).isEqualTo(Cli.FAILED);
            assertThat(err()).contains("port " + port + " is already in use");
        }
    }

    @Test
    void serverStartServesTheApiUntilStopped() throws Exception {
        TestLifecycle lifecycle = new TestLifecycle();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> Cli.run(new String[] {"server", "start", "--port", "0"}, out, err, lifecycle));
        assertThat(lifecycle.waiting.await(30, TimeUnit.SECONDS)).as("server started; err: %s", err()).isTrue();
        Matcher printed = Pattern.compile("at (http://\\S+/api)").matcher(out());
        assertThat(printed.find()).as("the API URL is printed: %s", out()).isTrue();
        URI api = URI.create(printed.group(1));
        try (Transport transport = Transports.open(TransportConfig.of(api))) {
            ApiResponse health = transport.send(ApiRequest.get(URI.create(api + "/health"))).get(30, TimeUnit.SECONDS);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.bodyAsString()).isEqualTo("true");
        }
        lifecycle.stopRequest.countDown();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(lifecycle.stopped.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out()).contains("jprefect server: stopped.");
    }

    @Test
    void versionIsThisBuilds() {
        assertThat(Cli.run(new String[] {"--version"}, out, err, new TestLifecycle())).isZero();
        assertThat(out()).matches("jprefect \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java .+\\)\\s*");
    }

    @Test
    void flowRunLsInspectAndCancelTalkToTheServerAtTheApiUrl() {
        PrefectServer server = PrefectServer.builder().settings(Settings.isolated(Map.of())).build();
        try (NettyServer netty = NettyServer.start(server);
                Settings.Scope scope = Settings.override(Map.of("PREFECT_API_URL", netty.apiUrl().toString()));
                PrefectClient client = PrefectClientBuilder.create().settings(Settings.current()).build()) {
            Flow flow = client.createFlow(FlowCreate.of("nightly"));
            FlowRun run = client.createFlowRun(FlowRunCreate.of(flow.id()));
            client.setFlowRunState(run.id(), StateCreate.of(StateType.RUNNING), true);
            String id = run.id().toString();

            assertThat(Cli.run(new String[] {"flow-run", "ls"}, out, err, new TestLifecycle())).as(err()).isZero();
            assertThat(out()).contains("ID", "Name", "State").containsPattern(id + "\\s+" + run.name() + "\\s+Running");
            outBytes.reset();

            assertThat(Cli.run(new String[] {"flow-run", "inspect", id}, out, err, new TestLifecycle())).isZero();
            assertThat(out()).contains("\"id\":\"" + id + "\"", "\"name\":\"" + run.name() + "\"");
            outBytes.reset();

            assertThat(Cli.run(new String[] {"flow-run", "cancel", id}, out, err, new TestLifecycle())).as(err()).isZero();
            assertThat(out()).contains("Flow run '" + id + "' was successfully scheduled for cancellation.");
            assertThat(client.readFlowRun(run.id()).stateType()).isEqualTo(StateType.CANCELLING);

            String missing = UUID.randomUUID().toString();
            assertThat(Cli.run(new String[] {"flow-run", "inspect", missing}, out, err, new TestLifecycle())).isEqualTo(Cli.FAILED);
            assertThat(err()).contains("jprefect flow-run inspect: not found", "404");
            assertThat(Cli.run(new String[] {"flow-run", "cancel", "x"}, out, err, new TestLifecycle())).isEqualTo(Cli.USAGE);
        }
    }

    @Test
    void deploymentLsInspectAndRunTalkToTheServerAtTheApiUrl() {
        PrefectServer server = PrefectServer.builder().settings(Settings.isolated(Map.of())).build();
        try (NettyServer netty = NettyServer.start(server);
                Settings.Scope scope = Settings.override(Map.of("PREFECT_API_URL", netty.apiUrl().toString()));
                PrefectClient client = PrefectClientBuilder.create().settings(Settings.current()).build()) {
            Flow flow = client.createFlow(FlowCreate.of("nightly-etl"));
            Deployment deployment = client.createDeployment(DeploymentCreate.of(flow.id(), "prod")
                    .withParameters(Map.of("day", "2026-11-29", "n", 3)));
            client.createDeployment(DeploymentCreate.of(flow.id(), "dev"));
            String id = deployment.id().toString();

            assertThat(Cli.run(new String[] {"deployment", "ls"}, out, err, new TestLifecycle())).as(err()).isZero();
            assertThat(out()).containsPattern("Name\\s+ID\\s+Work Pool")
                    .containsPattern("nightly-etl/dev\\s+\\S+[\\s\\S]*nightly-etl/prod\\s+" + id);
            outBytes.reset();

            assertThat(Cli.run(new String[] {"deployment", "inspect", "nightly-etl/prod"}, out, err, new TestLifecycle()))
                    .as(err()).isZero();
            assertThat(out()).contains("\"id\": \"" + id + "\"", "\"name\": \"prod\"");
            outBytes.reset();

            assertThat(Cli.run(new String[] {"deployment", "run", id, "--params", "{\"day\":\"2026-12-01\"}",
                    "--param", "n=5", "--param", "note=plain text"}, out, err, new TestLifecycle())).as(err()).isZero();
            assertThat(out()).contains("Creating flow run for deployment 'nightly-etl/prod'...", "Created flow run '");
            UUID runId = UUID.fromString(out().replaceAll("(?s).*UUID: (\\S+).*", "$1"));
            FlowRun run = client.readFlowRun(runId);
            assertThat(run.deploymentId()).isEqualTo(deployment.id());
            assertThat(run.parameters()).containsEntry("day", "2026-12-01").containsEntry("note", "plain text")
                    .containsEntry("n", 5L);
            outBytes.reset();

            assertThat(Cli.run(new String[] {"deployment", "run", "nightly-etl/missing"}, out, err, new TestLifecycle()))
                    .isEqualTo(Cli.FAILED);
            assertThat(err()).contains("jprefect deployment run: not found");
            assertThat(Cli.run(new String[] {"deployment", "run", "no-slash"}, out, err, new TestLifecycle()))
                    .isEqualTo(Cli.USAGE);
            assertThat(err()).contains("'no-slash' is neither a deployment ID nor FLOW/DEPLOYMENT");
            assertThat(Cli.run(new String[] {"deployment", "run", id, "--param", "novalue"}, out, err, new TestLifecycle()))
                    .isEqualTo(Cli.USAGE);
            assertThat(err()).contains("--param must be KEY=VALUE, got 'novalue'");
            assertThat(Cli.run(new String[] {"deployment", "run", id, "--params", "[1]"}, out, err, new TestLifecycle()))
                    .isEqualTo(Cli.USAGE);
            assertThat(err()).contains("--params must be a JSON object");
        }
    }

    @Test
    void configViewPrintsTheSettingsThatAreSetWithSecretsMasked() {
        try (Settings.Scope scope = Settings.override(Map.of("PREFECT_API_URL", "http://127.0.0.1:4300/api",
                "PREFECT_API_KEY", "pnu_secret"))) {
            assertThat(Cli.run(new String[] {"config", "view"}, out, err, new TestLifecycle())).isZero();
            assertThat(out()).contains("PREFECT_API_URL='http://127.0.0.1:4300/api'", "PREFECT_API_KEY='********'")
                    .doesNotContain("pnu_secret");
            assertThat(Cli.run(new String[] {"config", "view", "--show-secrets"}, out, err, new TestLifecycle())).isZero();
            assertThat(out()).contains("PREFECT_API_KEY='pnu_secret'");
        }
    }

    @Test
    void serverStartWithLogRequestsPrintsALinePerRequest() throws Exception {
        TestLifecycle lifecycle = new TestLifecycle();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Cli.run(
                new String[] {"server", "start", "--port", "0", "--log-requests"}, out, err, lifecycle));
        assertThat(lifecycle.waiting.await(30, TimeUnit.SECONDS)).as("server started; err: %s", err()).isTrue();
        Matcher printed = Pattern.compile("at (http://\\S+/api)").matcher(out());
        assertThat(printed.find()).as("the API URL is printed: %s", out()).isTrue();
        URI api = URI.create(printed.group(1));
        try (Transport transport = Transports.open(TransportConfig.of(api))) {
            transport.send(ApiRequest.get(URI.create(api + "/health?probe=1"))).get(30, TimeUnit.SECONDS);
            transport.send(ApiRequest.get(URI.create(api + "/flows/not-a-uuid"))).get(30, TimeUnit.SECONDS);
        } finally {
            lifecycle.stopRequest.countDown();
        }
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(out()).containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\| GET /api/health\\?probe=1 -> 200 \\(\\d+\\.\\d ms\\)$")
                .containsPattern("(?m)\\| GET /api/flows/not-a-uuid -> 404 ");
    }
}
