package dev.jprefect.integration.prefect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.jprefect.harness.PrefectTestHarness;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prefect's own Python SDK (the pinned version the build installed) runs a flow against jprefect's
 * server on a port: submitted tasks, a task that fails once and is retried, a subflow and run
 * logs. Prefect's SDK reports its task runs only as events on {@code /events/in}, so the task runs
 * being there, with their states, is the task-run recorder at work. It also holds concurrency
 * slots there: a global limit through its {@code concurrency(...)} context manager, and a tag's
 * limit, which its task engine takes for each tagged task run.
 */
class PythonSdkOnJprefectTest {
    /** The Python process imports Prefect (seconds) and runs the flow; a busy 2-core machine is slow. */
    private static final long PROCESS_MINUTES = 4;

    private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class).serializeNulls();

    @Test
    void aFlowWithTasksRunByPrefectsPythonSdkIsRecordedWithItsTaskRuns(@TempDir Path home) throws Exception {
        try (PrefectTestHarness harness = PrefectTestHarness.start(PrefectTestHarness.Mode.SERVER)) {
            String api = harness.apiUrl().toString();
            List<String> output = runScript("tasks_flow.py", api, home);
            String flowRunId = valueOf(output, "FLOW_RUN_ID");
            assertThat(valueOf(output, "STATE")).as(String.join("\n", output)).isEqualTo("COMPLETED");
            assertThat(valueOf(output, "RESULT")).contains("'total': 6", "'flaky': 'recovered'", "'child': 12");

            HttpClient http = HttpClient.newHttpClient();
            Map<?, ?> flowRun = (Map<?, ?>) call(http, "GET", api + "/flow_runs/" + flowRunId, null);
            assertThat(flowRun.get("state_type")).isEqualTo("COMPLETED");

            List<?> taskRuns = (List<?>) call(http, "POST", api + "/task_runs/filter",
                    "{\"flow_runs\":{\"id\":{\"any_\":[\"" + flowRunId + "\"]}}}");
            List<String> names = new ArrayList<>();
            for (Object t : taskRuns) {
                Map<?, ?> taskRun = (Map<?, ?>) t;
                names.add(taskRun.get("name") + ":" + taskRun.get("state_type"));
            }
            // three adds, the retried task, and the subflow's parent task run (created by REST, not events)
            Object events = call(http, "POST", api + "/events/filter", "{\"limit\":50}");
            String seen = "task runs " + names + "; the server's events: " + JSON.toJson(events) + "\nthe script said:\n"
                    + String.join("\n", output);
            assertThat(names).as(seen).filteredOn(n -> n.startsWith("add-"))
                    .hasSize(3).allMatch(n -> n.endsWith(":COMPLETED"));
            assertThat(names).filteredOn(n -> n.startsWith("flaky-")).singleElement()
                    .satisfies(n -> assertThat(n).endsWith(":COMPLETED"));
            Map<?, ?> flakyRun = (Map<?, ?>) taskRuns.stream().filter(t -> ((String) ((Map<?, ?>) t).get("name"))
                    .startsWith("flaky-")).findFirst().orElseThrow();
            assertThat(((Number) flakyRun.get("run_count")).intValue()).isEqualTo(2);
            List<?> flakyStates = (List<?>) call(http, "GET", api + "/task_run_states/?task_run_id=" + flakyRun.get("id"), null);
            List<Object> flakyStateNames = new ArrayList<>();
            flakyStates.forEach(s -> flakyStateNames.add(((Map<?, ?>) s).get("name")));
            assertThat(flakyStateNames).containsSubsequence("Pending", "Running", "Retrying", "Completed"); // an immediate retry: no AwaitingRetry

            List<?> subflows = (List<?>) call(http, "POST", api + "/flow_runs/filter",
                    "{\"flow_runs\":{\"parent_task_run_id\":{\"is_null_\":false}}}");
            assertThat(subflows).singleElement().satisfies(s -> assertThat(((Map<?, ?>) s).get("state_type"))
                    .isEqualTo("COMPLETED"));

            List<?> logs = (List<?>) call(http, "POST", api + "/logs/filter",
                    "{\"logs\":{\"flow_run_id\":{\"any_\":[\"" + flowRunId + "\"]}}}");
            List<Object> messages = new ArrayList<>();
            logs.forEach(l -> messages.add(((Map<?, ?>) l).get("message")));
            assertThat(messages).contains("hello from Prefect's Python SDK");
        }
    }

    /**
     * Runs the script {@code name} (a test resource under {@code /python}) with the pinned Prefect's
     * Python against {@code api}, in {@code home}; returns its output lines, or fails with them.
     */
    static List<String> runScript(String name, String api, Path home) throws Exception {
        Path script = home.resolve(name);
        try (InputStream in = PythonSdkOnJprefectTest.class.getResourceAsStream("/python/" + name)) {
            Files.copy(in, script);
        }
        return run(Path.of(RealPrefect.command()).resolveSibling("python"), script, api, home);
    }

    @Test
    void prefectsPythonSdkHoldsGlobalAndTagConcurrencySlotsOnJprefectsServer(@TempDir Path home) throws Exception {
        Path python = Path.of(RealPrefect.command()).resolveSibling("python");
        Path script = home.resolve("concurrency_flow.py");
        try (InputStream in = getClass().getResourceAsStream("/python/concurrency_flow.py")) {
            Files.copy(in, script);
        }
        try (PrefectTestHarness harness = PrefectTestHarness.start(PrefectTestHarness.Mode.SERVER)) {
            List<String> output = run(python, script, harness.apiUrl().toString(), home);
            String said = String.join("\n", output);
            assertThat(valueOf(output, "STATE")).as(said).isEqualTo("COMPLETED");
            // four threads through `concurrency(...)` on a limit of 1: each saw its own slot taken, never two
            assertThat(valueOf(output, "GLOBAL_SLOTS_SEEN")).as(said).isEqualTo("[1, 1, 1, 1]");
            assertThat(valueOf(output, "MOST_INSIDE")).as(said).isEqualTo("1");
            assertThat(valueOf(output, "GLOBAL_SLOTS_AFTER")).as(said).isEqualTo("0");
            // each tagged task run held its tag's slot (a lease the task engine took, held by the task run)
            assertThat(valueOf(output, "TASKS_HELD_THEIR_TAG")).as(said).isEqualTo("[True, True]");
            assertThat(valueOf(output, "TAG_HOLDERS_AFTER")).as(said).isEqualTo("0");
        }
    }

    /** Runs the script against {@code api}; returns its output lines, or fails with them. */
    private static List<String> run(Path python, Path script, String api, Path home) throws Exception {
        Path log = home.resolve("python.log");
        ProcessBuilder builder = new ProcessBuilder(python.toString(), script.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("PREFECT_"));
        env.put("PREFECT_API_URL", api);
        env.put("PREFECT_HOME", home.resolve("prefect-home").toString());
        env.put("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "false");
        Process process = builder.start();
        boolean ended = process.waitFor(PROCESS_MINUTES, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
        if (!ended || process.exitValue() != 0) {
            fail("Prefect's Python SDK " + (ended ? "exited " + process.exitValue() : "did not finish in "
                    + PROCESS_MINUTES + " minutes") + ":\n" + String.join("\n", output));
        }
        return output;
    }

    static String valueOf(List<String> output, String key) {
        for (String line : output) {
            if (line.startsWith(key + " ")) {
                return line.substring(key.length() + 1);
            }
        }
        throw new AssertionError("no " + key + " line in the script's output:\n" + String.join("\n", output));
    }

    static Object call(HttpClient http, String method, String url, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + url + ": " + response.body()).isBetween(200, 299);
        return JSON.fromJson(response.body());
    }
}
