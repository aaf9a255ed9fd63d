package dev.jprefect.harness.testcontainers;

import dev.jprefect.harness.spi.PrefectServerLauncher;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The launcher {@value #NAME} of {@code PrefectTestHarness.Mode.PREFECT_SERVER}: the real server in
 * a {@link PrefectContainer}, chosen with {@code PREFECT_TESTING_PREFECT_SERVER=container}. The
 * harness's extra settings (other than its own {@code PREFECT_TESTING_} ones) go to the container's
 * environment. Registered with ServiceLoader in {@code META-INF/services}; not for direct use.
 */
public final class PrefectContainerLauncher implements PrefectServerLauncher {

    /** The name {@code PREFECT_TESTING_PREFECT_SERVER} selects this launcher by. */
    public static final String NAME = "container";

    /** Called by ServiceLoader. */
    public PrefectContainerLauncher() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RunningServer start(Map<String, String> settings, Duration timeout) {
        PrefectContainer container = new PrefectContainer();
        settings.forEach((name, value) -> {
            if (!name.startsWith("PREFECT_TESTING_")) {
                container.withEnv(name, value);
            }
        });
        container.waitingFor(Wait.forHttp("/api/health").forPort(PrefectContainer.PORT).forStatusCode(200)
                .withStartupTimeout(timeout));
        try {
            container.start();
        } catch (RuntimeException e) {
            try {
                container.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new RunningServer() {
            @Override
            public URI apiUrl() {
                return container.apiUrl();
            }

            @Override
            public void close() {
                container.close();
            }

            @Override
            public String toString() {
                return "Prefect server in container " + container.getContainerName();
            }
        };
    }
}
