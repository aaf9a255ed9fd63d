package dev.jprefect.integration.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.client.ObjectNotFoundException;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.Deployment;
import dev.jprefect.client.schemas.DeploymentFlowRunCreate;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.integration.prefect.RealPrefect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Prefect's own runner serves a Python flow: {@code flow.serve(...)} from the build's pinned
 * Prefect, in a Python process of its own, registers its deployment and polls for runs; a run
 * triggered through the API (the Java client's {@code create_flow_run}) is picked up, run in a
 * subprocess by Prefect's engine, and completes with the parameter sent. Subclasses say which
 * server: {@code PythonServeOnPrefectTest} the real Prefect server, {@code PythonServeOnJprefectTest}
 * jprefect's.
 */
@Timeout(value = RealPrefect.TEST_TIMEOUT_MINUTES, unit = TimeUnit.MINUTES)
abstract class PythonServeContract {

    /** The served flow: it fails unless given the parameter the test sends, so Completed proves the parameter arrived. */
    private static final String SCRIPT = String.join("\n",
            "from prefect import flow",
            "",
            "@flow(name=FLOW_NAME, log_prints=True)",
            "def greet(name: str = 'nobody') -> str:",
            "    if name != 'java':",
            "        raise ValueError(f'expected the parameter sent, got {name!r}')",
            "    print(f'hello {name}')",
            "    return name",
            "",
            "if __name__ == '__main__':",
            "    greet.serve(name='served')",
            "");

    @Test
    void a_python_flow_served_by_prefects_runner_runs_a_run_triggered_through_the_api(PrefectClient client)
            throws Exception {
        String flowName = "served-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createDirectories(Path.of("target", "python-serve", flowName)).toAbsolutePath();
        Path script = dir.resolve("served.py");
        Files.writeString(script, SCRIPT.replace("FLOW_NAME", "'" + flowName + "'"));
        Path log = dir.resolve("serve.log");
        Process serve = ExternalProcesses.start(List.of(python(), script.toString()), dir, client,
                Map.of("PREFECT_RUNNER_POLL_FREQUENCY", "1", "PREFECT_HOME", dir.resolve("home").toString()), log);
        try {
            Deployment deployment = registered(client, flowName, serve, log);
            FlowRun run = client.createFlowRunFromDeployment(deployment.id(),
                    DeploymentFlowRunCreate.ofParameters(Map.of("name", "java")));
            FlowRun done = ExternalProcesses.finalState(client, run.id());
            assertThat(done.stateType()).as("see %s", log).isEqualTo(StateType.COMPLETED);
            assertThat(done.parameters()).containsEntry("name", "java");
        } finally {
            ExternalProcesses.stop(serve);
        }        // the runner's event subscription (its cancellation watch) and every poll went through cleanly
        assertThat(Files.readString(log)).doesNotContain("Traceback");
    }

    /** The pinned venv's python, beside its {@code prefect} command. */
    private static String python() {
        return Path.of(RealPrefect.command()).resolveSibling("python").toString();
    }

    /**
     * Returns the served deployment once the runner has registered it, reading every half second, at
     * most {@link ExternalProcesses#WAIT_SECONDS}.
     */
    private static Deployment registered(PrefectClient client, String flowName, Process serve, Path log)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ExternalProcesses.WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            Optional<Deployment> found = find(client, flowName);
            if (found.isPresent()) {
                return found.get();
            }
            assertThat(serve.isAlive()).as("the serving process ended; see %s: %s", log, Files.readString(log)).isTrue();
            Thread.sleep(500);
        }
        throw new AssertionError("no deployment " + flowName + "/served within " + ExternalProcesses.WAIT_SECONDS
                + " s; see " + log);
    }

    private static Optional<Deployment> find(PrefectClient client, String flowName) {
        try {
            return Optional.of(client.readDeploymentByName(flowName, "served"));
        } catch (ObjectNotFoundException notYet) {
            return Optional.empty();
        }
    }

}
