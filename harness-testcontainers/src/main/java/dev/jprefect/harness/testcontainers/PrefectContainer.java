package dev.jprefect.harness.testcontainers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The real Prefect server in a Docker container: the {@code prefecthq/prefect} image of the
 * Prefect version jprefect is tested against ({@link #PREFECT_VERSION}), running
 * {@code prefect server start --host 0.0.0.0} with the API only (no UI, no analytics), its port
 * 4200 mapped to a free port of the Docker host, and ready once {@code GET /api/health} answers.
 * Each container has its own SQLite database and is removed when stopped.
 *
 * <pre>{@code
 * try (PrefectContainer prefect = new PrefectContainer()) {
 *     prefect.start();
 *     try (PrefectClient client = PrefectClientBuilder.create()
 *             .settings(Settings.isolated(Map.of("PREFECT_API_URL", prefect.apiUrl().toString()))).build()) {
 *         client.health();
 *     }
 * }
 * }</pre>
 *
 * <p>It needs a Docker engine that Testcontainers can reach; without one {@link #start()} throws
 * Testcontainers' {@code IllegalStateException}. Use {@code DockerClientFactory.instance().isDockerAvailable()}
 * to skip instead.
 */
public class PrefectContainer extends GenericContainer<PrefectContainer> {

    /** The Prefect version jprefect is tested against, and the default image's tag. */
    public static final String PREFECT_VERSION = pinnedVersion();

    /** The default image: {@code prefecthq/prefect:<version>-python3.11}. */
    public static final DockerImageName DEFAULT_IMAGE =
            DockerImageName.parse("prefecthq/prefect").withTag(PREFECT_VERSION + "-python3.11");

    /** The port the server listens on in the container. */
    public static final int PORT = 4200;

    /** How long start-up may take by default: pulling aside, a server starts in seconds. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(120);

    /** A container of {@link #DEFAULT_IMAGE}. */
    public PrefectContainer() {
        this(DEFAULT_IMAGE);
    }

    /** A container of {@code image}, a {@code prefecthq/prefect} 3.x image or one built on it. */
    public PrefectContainer(DockerImageName image) {
        super(image);
        withExposedPorts(PORT);
        withEnv("PREFECT_SERVER_ANALYTICS_ENABLED", "false");
        withEnv("PREFECT_SERVER_UI_ENABLED", "false");
        withEnv("PREFECT_HOME", "/tmp/prefect");
        withCommand("prefect", "server", "start", "--host", "0.0.0.0", "--port", String.valueOf(PORT),
                "--no-services", "--no-ui", "--analytics-off");
        waitingFor(Wait.forHttp("/api/health").forPort(PORT).forStatusCode(200)
                .withStartupTimeout(DEFAULT_STARTUP_TIMEOUT));
    }

    /** Returns the API URL as the test's process reaches it, e.g. {@code http://localhost:32768/api}. */
    public URI apiUrl() {
        return URI.create("http://" + getHost() + ":" + getMappedPort(PORT) + "/api");
    }

    private static String pinnedVersion() {
        Properties properties = new Properties();
        try (InputStream in = PrefectContainer.class.getResourceAsStream("prefect.properties")) {
            if (in == null) {
                throw new IllegalStateException("prefect.properties is missing beside " + PrefectContainer.class.getName());
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}
