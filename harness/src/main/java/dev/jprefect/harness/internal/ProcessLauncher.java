package dev.jprefect.harness.internal;

import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.spi.PrefectServerLauncher;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The built-in launcher {@value #NAME}: the {@code prefect} command (or the one
 * {@code PREFECT_TESTING_PREFECT_COMMAND} names) as a child process; see {@link PrefectServerProcess}.
 * Registered with ServiceLoader in {@code module-info.java} and {@code META-INF/services}; not for
 * direct use.
 */
public final class ProcessLauncher implements PrefectServerLauncher {

    /** The launcher's name, and the default of {@code PREFECT_TESTING_PREFECT_SERVER}. */
    static final String NAME = "process";

    /** Called by ServiceLoader. */
    public ProcessLauncher() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RunningServer start(Map<String, String> settings, Duration timeout) {
        String command = HarnessStarter.currentWith(settings).raw(PrefectTestHarness.PREFECT_COMMAND_SETTING)
                .map(String::trim).orElse(HarnessStarter.DEFAULT_PREFECT_COMMAND);
        Map<String, String> environment = new LinkedHashMap<>(settings);
        environment.keySet().removeIf(name -> name.startsWith(HarnessStarter.TESTING_PREFIX));
        PrefectServerProcess server = PrefectServerProcess.start(command, environment);
        try {
            server.awaitHealthy(timeout);
        } catch (RuntimeException e) {
            try {
                server.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new RunningServer() {
            @Override
            public URI apiUrl() {
                return server.apiUrl();
            }

            @Override
            public void close() {
                server.close();
            }

            @Override
            public String toString() {
                return server.toString();
            }
        };
    }
}
