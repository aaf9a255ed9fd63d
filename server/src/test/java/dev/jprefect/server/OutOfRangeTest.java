package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.TestClient.Raw;
import dev.jprefect.server.TestClient.Reply;
import dev.jprefect.settings.Settings;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12, findings 1 and 2: the out-of-range inputs that once answered 500 (date-times of 1e13
 * seconds and more, a scheduled time centuries back, {@code page} = 2^63-1, a log level of 2^40,
 * non-finite retry settings), each answered with Prefect 3.9.1's status as probed against it (where
 * Prefect answers 500 or stores what jprefect bounds, jprefect's own answer, said beside the case),
 * never a 500 and never a Java name, and every listing still answered afterwards.
 */
class OutOfRangeTest {
    private final TestClient client = new TestClient(PrefectServer.builder().settings(Settings.isolated(Map.of())).build());
    private String flow;
    private String run;
    private String task;

    @BeforeEach
    void createRuns() {
        flow = client.post("/api/flows/", Map.of("name", "sweep")).string("id");
        run = client.post("/api/flow_runs/", Map.of("flow_id", flow, "state", Map.of("type", "RUNNING"))).string("id");
        task = client.post("/api/task_runs/", Map.of("flow_run_id", run, "task_key", "t", "dynamic_key", "0",
                "state", Map.of("type", "PENDING"))).string("id");
    }

    /** Method, path, body ({@code ${flow}}, {@code ${run}}, {@code ${task}} filled in), Prefect's status. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("POST", "/logs/", "[{\"name\":\"l\",\"level\":20,\"message\":\"m\",\"timestamp\":1e13}]", 201),
                Arguments.of("POST", "/logs/", "[{\"name\":\"l\",\"level\":20,\"message\":\"m\",\"timestamp\":1e19}]", 422),
                Arguments.of("POST", "/flow_runs/", "{\"flow_id\":\"${flow}\",\"state\":{\"type\":\"SCHEDULED\","
                        + "\"state_details\":{\"scheduled_time\":1e13}}}", 201),
                Arguments.of("POST", "/flow_runs/", "{\"flow_id\":\"${flow}\",\"state\":{\"type\":\"SCHEDULED\","
                        + "\"state_details\":{\"scheduled_time\":1e17}}}", 422),
                Arguments.of("POST", "/flow_runs/filter", "{\"flow_runs\":{\"expected_start_time\":{\"before_\":1e13}}}", 200),
                Arguments.of("POST", "/task_runs/filter", "{\"task_runs\":{\"start_time\":{\"after_\":1e16}}}", 422),
                Arguments.of("POST", "/logs/filter", "{\"logs\":{\"timestamp\":{\"before_\":1e18}}}", 422),
                Arguments.of("POST", "/flow_runs/${run}/set_state", "{\"state\":{\"type\":\"SCHEDULED\","
                        + "\"state_details\":{\"scheduled_time\":\"0800-01-01T00:00:00Z\"}}}", 201),
                Arguments.of("POST", "/task_runs/${task}/set_state", "{\"state\":{\"type\":\"SCHEDULED\","
                        + "\"state_details\":{\"scheduled_time\":\"0001-01-01T00:00:00Z\"}}}", 201),
                // Prefect: 500 (the offset overflows in its database); jprefect: an empty page
                Arguments.of("POST", "/flows/paginate", "{\"page\":9223372036854775807}", 200),
                Arguments.of("POST", "/flow_runs/paginate", "{\"page\":9223372036854775807}", 200),
                Arguments.of("POST", "/task_runs/paginate", "{\"page\":9223372036854775807}", 200),
                // Prefect on SQLite: 201 (on PostgreSQL's 32-bit column, 500); jprefect: 422, level <= 2^31-1
                Arguments.of("POST", "/logs/", "[{\"name\":\"l\",\"level\":1099511627776,\"message\":\"m\","
                        + "\"timestamp\":\"2025-01-01T00:00:00Z\"}]", 422),
                Arguments.of("POST", "/logs/filter", "{\"logs\":{\"level\":{\"ge_\":1099511627776}}}", 200),
                // Prefect: 500 (it cannot write the infinity as JSON); jprefect: 422 at the field
                Arguments.of("POST", "/flow_runs/", "{\"flow_id\":\"${flow}\",\"empirical_policy\":{\"retries\":1,"
                        + "\"retry_delay_seconds\":1e400}}", 422),
                Arguments.of("POST", "/task_runs/", "{\"flow_run_id\":\"${run}\",\"task_key\":\"k\",\"dynamic_key\":\"x\","
                        + "\"empirical_policy\":{\"retries\":1,\"retry_delay\":1e400,\"retry_jitter_factor\":-1e400}}", 422),
                Arguments.of("PATCH", "/flow_runs/${run}", "{\"empirical_policy\":{\"retry_delay_seconds\":1e400}}", 422));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("cases")
    void anOutOfRangeValueIsAnsweredAsPrefectAnswersItAndTheListingsStillServe(String method, String path,
            String body, int prefects) {
        Reply reply = client.send(method, "/api" + fill(path), new Raw(fill(body)), Map.of());

        assertThat(reply.status()).as(reply.text()).isEqualTo(prefects);
        assertNoJavaInside(reply);
        assertListingsServe();
    }

    /** Finding 1: a non-finite retry delay once answered 204 and then 500 on every listing. */
    @Test
    void aNonFiniteRetryDelayIsRefusedAndTheRunStaysReadable() {
        Reply patch = client.patch("/api/flow_runs/" + run, new Raw("{\"empirical_policy\":{\"retry_delay_seconds\":1e400}}"));

        assertThat(patch.status()).isEqualTo(422);
        assertThat(patch.text()).contains("\"loc\":[\"body\",\"empirical_policy\",\"retry_delay_seconds\"]")
                .contains("finite_number");
        Reply read = client.get("/api/flow_runs/" + run);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.at("empirical_policy.retry_delay_seconds")).isEqualTo(0.0);
        assertListingsServe();
    }

    private void assertListingsServe() {
        for (String listing : List.of("/api/flow_runs/filter", "/api/flow_runs/paginate", "/api/task_runs/filter",
                "/api/task_runs/paginate", "/api/logs/filter", "/api/flows/filter")) {
            Reply r = client.post(listing, Map.of());
            assertThat(r.status()).as(listing + ": " + r.text()).isEqualTo(200);
        }
        assertThat(client.get("/api/flow_runs/" + run).status()).isEqualTo(200);
        assertThat(client.get("/api/task_runs/" + task).status()).isEqualTo(200);
    }

    private static void assertNoJavaInside(Reply reply) {
        assertThat(reply.text()).doesNotContain("java.").doesNotContain("Exception").doesNotContain("dev.jprefect");
    }

    private String fill(String text) {
        return text.replace("${flow}", flow).replace("${run}", run).replace("${task}", task);
    }
}
