package dev.jprefect.harness;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Prefect the build provisioned (see {@code build-support/provision-prefect.sh}): where
 * its {@code prefect} command is. Where the build could not install it (no python3 or PyPI on a
 * developer's machine) a test asking for it is skipped with the build's one-line reason; under
 * {@code CI=true} it fails instead, so an outage cannot turn these tests into green skips.
 */
final class ReferencePrefect {

    /** The system property naming the build's {@code prefect.properties} (see the root pom). */
    private static final String PROPERTIES = "jprefect.prefect.properties";

    private ReferencePrefect() {
    }

    /** Returns the {@code prefect} command, or skips (fails under {@code CI=true}) the calling test. */
    static String command() {
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
