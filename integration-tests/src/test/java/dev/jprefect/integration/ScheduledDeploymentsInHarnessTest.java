package dev.jprefect.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.PrefectTestHarness.Mode;
import dev.jprefect.harness.VirtualClock;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Time skipping drives the embedded server's scheduler and late-runs services: advancing the
 * harness's virtual clock to 02:00 in Zurich makes the nightly deployment's run due, and 15 seconds
 * later the run still not started is Late. No real time passes: the whole test takes milliseconds
 * of clock time, in process and over HTTP. (The runner that executes such runs is the SDK's; this
 * checks what the server answers the runner's poll.)
 */
class ScheduledDeploymentsInHarnessTest {
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"IN_PROCESS", "SERVER"})
    void theNightlyRunIsDueAt2InZurichAndLateAfterTheThreshold(Mode mode) {
        VirtualClock clock = VirtualClock.startingAt(Instant.parse("2025-03-01T12:00:00Z"));
        try (PrefectTestHarness harness = PrefectTestHarness.builder().mode(mode).virtualClock(clock).start()) {
            String flow = id(send(harness, "POST", "flows/", "{\"name\": \"etl\"}").bodyAsString());
            String deployment = id(send(harness, "POST", "deployments/", "{\"name\": \"nightly\", \"flow_id\": \"" + flow
                    + "\", \"enforce_parameter_schema\": false, \"schedules\": [{\"schedule\":"
                    + " {\"cron\": \"0 2 * * *\", \"timezone\": \"Europe/Zurich\"}}]}").bodyAsString());
            String poll = "{\"deployment_ids\": [\"" + deployment + "\"], \"scheduled_before\": \"%s\"}";

            clock.advance(Duration.ZERO); // a scheduler round: three nights ahead, none due
            assertThat(send(harness, "POST", "flow_runs/count", "{}").bodyAsString()).isEqualTo("3");
            assertThat(send(harness, "POST", "deployments/get_scheduled_flow_runs", poll.formatted(clock.instant()))
                    .bodyAsString()).isEqualTo("[]");

            clock.advance(Duration.between(clock.instant(), Instant.parse("2025-03-02T01:00:00Z"))); // 02:00 CET
            String due = send(harness, "POST", "deployments/get_scheduled_flow_runs", poll.formatted(clock.instant()))
                    .bodyAsString();
            assertThat(due).contains("\"expected_start_time\":\"2025-03-02T01:00:00Z\"").contains("\"state_name\":\"Scheduled\"")
                    .contains("\"deployment_id\":\"" + deployment + "\"").contains("\"auto_scheduled\":true");
            String run = id(due);
            // the scheduler keeps three runs ahead: the one now due and three more
            assertThat(send(harness, "POST", "flow_runs/count", "{}").bodyAsString()).isEqualTo("4");

            clock.advance(Duration.ofSeconds(15)); // PREFECT_SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS
            assertThat(send(harness, "GET", "flow_runs/" + run, null).bodyAsString())
                    .contains("\"state_type\":\"SCHEDULED\"").contains("\"state_name\":\"Late\"");
        }
    }

    private static ApiResponse send(PrefectTestHarness harness, String method, String path, String json) {
        ApiRequest.Builder request = ApiRequest.builder(method, URI.create(path));
        if (json != null) {
            request.header("Content-Type", "application/json").body(json.getBytes(StandardCharsets.UTF_8));
        }
        return harness.client().send(request.build());
    }

    /** The first id in a JSON text: the object's own, as ids come first in Prefect's shapes. */
    private static String id(String json) {
        Matcher m = ID.matcher(json);
        assertThat(m.find()).as("an id in %s", json).isTrue();
        return m.group(1);
    }
}
