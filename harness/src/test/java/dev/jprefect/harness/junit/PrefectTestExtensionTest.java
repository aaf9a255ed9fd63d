package dev.jprefect.harness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.client.PrefectAsyncClient;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.harness.HarnessSession;
import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.PrefectTestHarness.Mode;
import dev.jprefect.harness.Runs;
import dev.jprefect.harness.TestRuns;
import dev.jprefect.harness.VirtualClock;
import dev.jprefect.harness.junit.PrefectTest.Scope;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@PrefectTest
class PrefectTestExtensionTest {

    @Test
    void injects_the_harness_its_session_and_clients_and_points_the_test_thread_at_it(
            PrefectTestHarness harness, HarnessSession session, PrefectClient client, PrefectAsyncClient async,
            TestRuns runs) {
        assertThat(harness.mode()).isEqualTo(Mode.IN_PROCESS);
        assertThat(session.harness()).isSameAs(harness);
        assertThat(client).isSameAs(session.client());
        assertThat(async).isSameAs(client.async());
        assertThat(runs).isSameAs(session.runs());
        assertThat(Settings.current().get(Setting.API_URL)).contains(harness.apiUrl());
        assertThat(client.health()).isTrue();
    }

    @Test
    void a_per_test_harness_starts_empty_and_sees_what_the_test_made(TestRuns runs, PrefectClient client) {
        assertThat(runs.flowRuns()).isEmpty();

        Runs.flowRun(client, "etl", StateType.PENDING);

        assertThat(runs.flowRuns()).hasSize(1);
    }

    @Test
    void code_that_builds_its_own_client_from_the_settings_is_attributed_to_the_test(TestRuns runs) throws Exception {
        Thread worker = new Thread(() -> {
            try (PrefectClient own = PrefectClient.create()) {
                Runs.flowRun(own, "from-a-thread", StateType.PENDING);
            }
        });
        worker.start();
        worker.join(30_000);

        assertThat(runs.flowRuns()).extracting(runs::flowName).containsExactly("from-a-thread");
    }

    @Test
    @PrefectTest(mode = Mode.SERVER)
    void a_method_annotation_overrides_the_class_one(PrefectTestHarness harness, PrefectClient client) {
        assertThat(harness.mode()).isEqualTo(Mode.SERVER);
        assertThat(harness.apiUrl().getScheme()).isEqualTo("http");
        assertThat(harness.apiUrl().getHost()).isEqualTo("127.0.0.1");
        assertThat(client.health()).isTrue();
    }

    @Test
    @PrefectTest(timeSkipping = true)
    void time_skipping_injects_the_virtual_clock_the_harness_shares(VirtualClock clock, PrefectTestHarness harness) {
        assertThat(harness.virtualClock()).containsSame(clock);
        assertThat(harness.clock()).isSameAs(clock);
        Instant before = clock.instant();

        clock.sleep(Duration.ofHours(1)).join();

        assertThat(Duration.between(before, clock.instant())).isGreaterThanOrEqualTo(Duration.ofHours(1));
    }

    /** The tests of a class share one harness with PER_CLASS, and each still sees only its own runs. */
    @Nested
    @PrefectTest(scope = Scope.PER_CLASS)
    class SharedByTheClass {
        private static final Set<URI> HARNESSES = new HashSet<>();
        private static URI fromBeforeAll;

        @BeforeAll
        static void the_harness_is_there_before_all(PrefectTestHarness harness) {
            fromBeforeAll = harness.apiUrl();
            assertThat(Settings.current().get(Setting.API_URL)).contains(harness.apiUrl());
        }

        @Test
        void first(PrefectTestHarness harness, TestRuns runs, PrefectClient client) {
            check(harness, runs, client, "first");
        }

        @Test
        void second(PrefectTestHarness harness, TestRuns runs, PrefectClient client) {
            check(harness, runs, client, "second");
        }

        private void check(PrefectTestHarness harness, TestRuns runs, PrefectClient client, String flow) {
            synchronized (HARNESSES) {
                HARNESSES.add(harness.apiUrl());
                assertThat(HARNESSES).as("one harness for the class").hasSize(1).containsOnly(fromBeforeAll);
            }
            Runs.flowRun(client, flow, StateType.PENDING);
            assertThat(runs.flowRuns()).extracting(runs::flowName).containsExactly(flow);
        }
    }
}
