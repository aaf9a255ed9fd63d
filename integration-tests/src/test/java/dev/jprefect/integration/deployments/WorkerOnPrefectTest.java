package dev.jprefect.integration.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.FlowDeployment;
import dev.jprefect.FlowRunExecution;
import dev.jprefect.client.EventSubscription;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.Deployment;
import dev.jprefect.client.schemas.DeploymentFlowRunCreate;
import dev.jprefect.client.schemas.Event;
import dev.jprefect.client.schemas.EventFilter;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.junit.PrefectTest;
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
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Prefect's own worker starts a Java flow: a real {@code prefect worker start --type process}
 * against the real Prefect server, a process work pool, and a Java deployment whose job
 * {@code command} is the {@code java} line running {@link FlowRunExecution}. A run triggered
 * through the API is picked up by the worker, started as a JVM that finds the flow by the
 * deployment's entrypoint, and completes.
 */
@ExtendWith(RealPrefect.class)
@PrefectTest(mode = PrefectTestHarness.Mode.PREFECT_SERVER, scope = PrefectTest.Scope.PER_RUN)
@Timeout(value = RealPrefect.TEST_TIMEOUT_MINUTES, unit = TimeUnit.MINUTES)
class WorkerOnPrefectTest {

    /** Bounds every wait: the worker's JVM starts in seconds, even on a loaded machine well within this. */
    private static final long WAIT_SECONDS = 180;

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

            EventFilter finals = EventFilter.all()
                    .withEvent(EventFilter.Name.named("prefect.flow-run.Completed", "prefect.flow-run.Failed",
                            "prefect.flow-run.Crashed"))
                    .withResource(EventFilter.Resource.id("prefect.flow-run." + run.id()));
            try (EventSubscription events = client.subscribeEvents(finals)) {
                Event end = events.next().get(WAIT_SECONDS, TimeUnit.SECONDS);
                assertThat(end.event()).as("see %s", logs).isEqualTo("prefect.flow-run.Completed");
            }
            FlowRun done = client.readFlowRun(run.id());
            assertThat(done.stateType()).isEqualTo(StateType.COMPLETED);
            assertThat(done.workPoolName()).isEqualTo(pool);
            assertThat(done.parameters()).containsEntry("quantity", 4L).containsEntry("customer", "ada");
        } finally {
            worker.destroy();
            if (!worker.waitFor(30, TimeUnit.SECONDS)) {
                worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            client.deleteWorkPool(pool);
        }
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
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PREFECT_API_URL", client.apiUrl().toString());
        builder.environment().put("PREFECT_WORKER_QUERY_SECONDS", "1");
        return builder.start();
    }

    private static void run(List<String> command, PrefectClient client, Path log) throws Exception {
        Process process = start(command, client, log);
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + WAIT_SECONDS + " s; see " + log);
        }
        assertThat(process.exitValue()).as("%s (see %s)", command, log).isZero();
    }
}
