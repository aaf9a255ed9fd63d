package dev.jprefect.integration.deployments;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientBuilder;
import dev.jprefect.integration.prefect.RealPrefect;
import dev.jprefect.settings.Settings;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * An automation acts on the real Prefect server. The harness starts Prefect with
 * {@code --no-services}, so this class starts its own (the build's pinned {@code prefect server
 * start}, loopback, a fresh {@code PREFECT_HOME}) with Prefect's services, among them the triggers
 * and actions services automations need, and stops it and deletes its home after the class.
 */
@ExtendWith(AutomationsOnPrefectTest.PrefectWithServices.class)
@Timeout(value = RealPrefect.TEST_TIMEOUT_MINUTES, unit = TimeUnit.MINUTES)
class AutomationsOnPrefectTest extends AutomationsContract {

    /** The real Prefect server with its services, for this class; resolves the client of it. */
    static final class PrefectWithServices implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
        /** How long the server may take to answer {@code /api/health} on a loaded machine. */
        private static final long STARTUP_SECONDS = 180;

        private Process server;
        private Path home;
        private PrefectClient client;

        /** Called by JUnit. */
        PrefectWithServices() {
        }

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            String command = RealPrefect.command();
            home = Files.createTempDirectory("jprefect-automations-prefect-");
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            ProcessBuilder builder = new ProcessBuilder(List.of(command, "server", "start", "--host", "127.0.0.1",
                    "--port", String.valueOf(port), "--no-ui", "--analytics-off"))
                    .directory(home.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("server.log").toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("PREFECT_"));
            builder.environment().putAll(Map.of("PREFECT_HOME", home.toString(), "PREFECT_SERVER_ANALYTICS_ENABLED", "false",
                    "PREFECT_SERVER_UI_ENABLED", "false"));
            server = builder.start();
            URI api = URI.create("http://127.0.0.1:" + port + "/api");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_SECONDS);
            while (!healthy(api)) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the real Prefect server with services did not start; see "
                            + home.resolve("server.log") + ":\n" + Files.readString(home.resolve("server.log")));
                }
                Thread.sleep(500);
            }
            client = PrefectClientBuilder.create().settings(Settings.isolated(Map.of("PREFECT_API_URL", api.toString()))).build();
        }

        private static boolean healthy(URI api) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(api + "/health").toURL().openConnection();
                c.setConnectTimeout(2000);
                c.setReadTimeout(2000);
                return c.getResponseCode() == 200;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            if (client != null) {
                client.close();
            }
            if (server != null) {
                ExternalProcesses.stop(server);
            }
            if (home != null) {
                deleteTree(home); // its log is in the start failure's message when there was one
            }
        }

        /** Deletes the server's home (its SQLite database and log), deepest first. */
        private static void deleteTree(Path root) throws IOException {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == PrefectClient.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return client;
        }
    }
}
