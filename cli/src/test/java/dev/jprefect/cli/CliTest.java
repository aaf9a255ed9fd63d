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
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code jprefect}'s command line: help, errors, and {@code server start} on a loopback port. */
class CliTest {
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
}
