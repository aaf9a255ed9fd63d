package dev.jprefect.integration.prefect;

import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Prefect the build provisioned ({@code build-support/provision-prefect.sh}), for test
 * classes that run against it. As an extension, registered before {@code @PrefectTest(mode =
 * PREFECT_SERVER)}, it points the harness at the provisioned {@code prefect} command and gives the
 * real server's start a generous timeout, for the rest of the test run. Where the build could not
 * install Prefect (no python3 or PyPI on a developer's machine) the class is skipped with the
 * build's one-line reason; under {@code CI=true} it fails instead, so an outage cannot turn these
 * suites into green skips.
 */
public final class RealPrefect implements BeforeAllCallback {

    /** A real server starts in 5 to 30 s on a busy 2-core machine; this bounds it generously. */
    static final String STARTUP_TIMEOUT_SECONDS = "180";

    /**
     * How long one test against the real server may take: its SQLite store serialises writes, and a
     * busy 2-core machine makes the example ETL (about 150 requests) take 30 s or more.
     */
    public static final int TEST_TIMEOUT_MINUTES = 5;

    /** The system property naming the build's {@code prefect.properties} (see the root pom). */
    private static final String PROPERTIES = "jprefect.prefect.properties";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealPrefect.class);

    /** Called by JUnit. */
    public RealPrefect() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String command = command();
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("settings", key -> {
            Settings.Scope scope = Settings.overrideForJvm(Map.of(
                    PrefectTestHarness.PREFECT_COMMAND_SETTING, command,
                    Setting.SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.name(), STARTUP_TIMEOUT_SECONDS));
            return scope; // an AutoCloseable in the store is closed with it (JUnit 5.13+)
        }, Settings.Scope.class);
    }

    /** Returns the {@code prefect} command, or skips (fails under {@code CI=true}) the calling test. */
    public static String command() {
        return property("executable");
    }

    /** Returns the pinned version, e.g. {@code 3.9.1}. */
    static String version() {
        return property("version");
    }

    private static String property(String name) {
        String file = System.getProperty(PROPERTIES);
        String reason;
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            reason = "the build did not provision it (no " + file + "; run the tests through Maven)";
        } else {
            Properties build = new Properties();
            try (Reader in = Files.newBufferedReader(Path.of(file))) {
                build.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (Boolean.parseBoolean(build.getProperty("available"))) {
                return build.getProperty(name);
            }
            reason = build.getProperty("reason");
        }
        String line = "the real Prefect server is unavailable: " + reason;
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(line + " (CI=true: this fails instead of skipping)");
        }
        Assumptions.abort("skipped: " + line);
        throw new AssertionError("unreachable");
    }
}
