package dev.jprefect.integration.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.FlowDeployment;
import dev.jprefect.FlowRunExecution;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.Deployment;
import dev.jprefect.client.schemas.DeploymentFlowRunCreate;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.integration.prefect.RealPrefect;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Prefect's own worker starts a Java flow: a real {@code prefect worker start --type process}
 * (from the build's pinned Prefect), a process work pool made by {@code prefect work-pool create},
 * and a Java deployment whose job {@code command} is the {@code java} line running
 * {@link FlowRunExecution}. A run triggered through the API is picked up by the worker, started as
 * a JVM that finds the flow by the deployment's entrypoint, and completes. Subclasses say which
 * server: {@code WorkerOnPrefectTest} the real Prefect server, {@code WorkerOnJprefectTest}
 * jprefect's (where the worker's WebSocket channel is refused and it works over REST).
 */
@Timeout(value = RealPrefect.TEST_TIMEOUT_MINUTES, unit = TimeUnit.MINUTES)
abstract class WorkerContract {


    @Test
    void a_process_worker_runs_a_java_deployment_triggered_through_the_api(PrefectClient client) throws Exception {
        String pool = "java-" + UUID.randomUUID().toString().substring(0, 8);
        Path logs = Files.createDirectories(Path.of("target", "worker"));
        run(List.of(RealPrefect.command(), "work-pool", "create", pool, "--type", "process"), client,
                logs.resolve(pool + "-create.log"));
        Process worker = start(List.of(RealPrefect.command(), "worker", "start", "--pool", pool, "--type", "process"),
                client, logs.resolve(pool + "-worker.log"));
        try {
            Deployment deployment = FlowDeployment.fromEntrypoint(DeployedFlows.FULFIL_ENTRYPOINT, "worked-" + pool)
                    .withParameters(Map.of("customer", "ada", "items", List.of()))
                    .withWorkPool(pool, null, Map.of("command", javaCommand()))
                    .register(client);
            FlowRun run = client.createFlowRunFromDeployment(deployment.id(),
                    DeploymentFlowRunCreate.ofParameters(Map.of("quantity", 4)));

            FlowRun done = ExternalProcesses.finalState(client, run.id());
            assertThat(done.stateType()).as("see %s", logs).isEqualTo(StateType.COMPLETED);
            assertThat(done.workPoolName()).isEqualTo(pool);
            assertThat(done.parameters()).containsEntry("quantity", 4L).containsEntry("customer", "ada");
        } finally {
            ExternalProcesses.stop(worker);
            client.deleteWorkPool(pool);
        }        // whatever the worker fell back to (its WebSocket channel, the event stream), nothing failed in it
        assertThat(Files.readString(logs.resolve(pool + "-worker.log"))).doesNotContain("Traceback");
    }

    /** The job's command: this JVM's java, with this test's class and module path, running FlowRunExecution. */
    private static String javaCommand() {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> path = new ArrayList<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isEmpty()) {
                path.add(value);
            }
        }
        return "'" + java + "' -cp '" + String.join(File.pathSeparator, path) + "' " + FlowRunExecution.class.getName();
    }

    private static Process start(List<String> command, PrefectClient client, Path log) throws IOException {
        return ExternalProcesses.start(command, null, client, Map.of("PREFECT_WORKER_QUERY_SECONDS", "1"), log);
    }

    private static void run(List<String> command, PrefectClient client, Path log) throws Exception {
        Process process = start(command, client, log);
        if (!process.waitFor(ExternalProcesses.WAIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + ExternalProcesses.WAIT_SECONDS + " s; see " + log);
        }
        assertThat(process.exitValue()).as("%s (see %s)", command, log).isZero();
    }
}
