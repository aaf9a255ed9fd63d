package dev.jprefect.integration.deployments;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.StateType;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What the tests of Prefect's own processes (a worker, a Python runner) share: starting one with
 * its output in a log, waiting on a run they execute, and stopping them. They are other processes,
 * so a run's end is read from the server every half second, within a bound.
 */
final class ExternalProcesses {
    /** Bounds every wait on them: a Python process or a JVM starts in seconds, even on a loaded machine well within this. */
    static final long WAIT_SECONDS = 180;
    private static final Set<StateType> FINAL = EnumSet.of(StateType.COMPLETED, StateType.FAILED, StateType.CRASHED,
            StateType.CANCELLED);

    private ExternalProcesses() {
    }

    /** Starts {@code command} in {@code dir} (null: this one) against the client's server, its output in {@code log}. */
    static Process start(List<String> command, Path dir, PrefectClient client, Map<String, String> env, Path log)
            throws java.io.IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        builder.environment().put("PREFECT_API_URL", client.apiUrl().toString());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Returns the run once it is in a final state, or as it is after {@link #WAIT_SECONDS}. */
    static FlowRun finalState(PrefectClient client, UUID id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        FlowRun run = client.readFlowRun(id);
        while (!FINAL.contains(run.stateType()) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            run = client.readFlowRun(id);
        }
        return run;
    }

    /** Asks the process to stop (SIGTERM), then kills it if it has not within 30 s. */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
