package dev.jprefect.harness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.junit.PrefectTest.Scope;
import dev.jprefect.transport.InProcessApps;
import dev.jprefect.harness.internal.CurrentSession;
import dev.jprefect.settings.Settings;
import java.net.URI;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Checks with JUnit's engine test kit how long harnesses of each scope live. */
class HarnessLifecycleTest {

    /** The API URLs each kit-run test saw, and whether its harness was up while it ran. */
    static final List<URI> SEEN = new CopyOnWriteArrayList<>();

    @BeforeEach
    void clear() {
        SEEN.clear();
    }

    private static void see(PrefectTestHarness harness) {
        assertThat(InProcessApps.lookup(harness.apiUrl())).isPresent();
        SEEN.add(harness.apiUrl());
    }

    @PrefectTest
    static class PerTest {
        @Test
        void one(PrefectTestHarness harness) {
            see(harness);
        }

        @Test
        void two(PrefectTestHarness harness) {
            see(harness);
        }
    }

    @PrefectTest(scope = Scope.PER_CLASS)
    static class PerClass {
        @Test
        void one(PrefectTestHarness harness) {
            see(harness);
        }

        @Test
        void two(PrefectTestHarness harness) {
            see(harness);
        }
    }

    @PrefectTest(scope = Scope.PER_RUN)
    static class PerRunA {
        @Test
        void one(PrefectTestHarness harness) {
            see(harness);
        }
    }

    @PrefectTest(scope = Scope.PER_RUN)
    static class PerRunB {
        @Test
        void one(PrefectTestHarness harness) {
            see(harness);
        }
    }

    @PrefectTest
    static class ConstructorInjection {
        private final PrefectTestHarness harness;

        ConstructorInjection(PrefectTestHarness harness) {
            this.harness = harness;
        }

        @Test
        void one(PrefectTestHarness same) {
            assertThat(same).isSameAs(harness);
            see(harness);
        }
    }

    @PrefectTest(scope = Scope.PER_CLASS)
    @Execution(ExecutionMode.CONCURRENT)
    static class SharedAndConcurrent {
        @BeforeAll
        static void before(PrefectTestHarness harness) {
            see(harness);
        }

        @Test
        void one(PrefectTestHarness harness) {
            see(harness);
        }

        @Test
        void two(PrefectTestHarness harness) {
            see(harness);
        }

        @Test
        void three(PrefectTestHarness harness) {
            see(harness);
        }
    }

    /** Runs after {@link SharedAndConcurrent} on the same worker threads, without a harness. */
    @Execution(ExecutionMode.CONCURRENT)
    static class PlainAndConcurrent {
        static void nothingLeftOver() {
            assertThat(Settings.current().raw("PREFECT_API_URL")).isEqualTo(OUTSIDE);
            assertThat(CurrentSession.get()).isEmpty();
        }

        @Test
        void one() {
            nothingLeftOver();
        }

        @Test
        void two() {
            nothingLeftOver();
        }

        @Test
        void three() {
            nothingLeftOver();
        }
    }

    /** PREFECT_API_URL as the test kit's threads have it before any harness. */
    static final Optional<String> OUTSIDE = Settings.current().raw("PREFECT_API_URL");

    @Test
    void no_harness_lingers_on_the_threads_that_ran_a_shared_harness_s_tests_in_parallel() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(SharedAndConcurrent.class), selectClass(PlainAndConcurrent.class))
                .execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(6));

        assertThat(SEEN).hasSize(4).containsOnly(SEEN.get(0));
    }

    @Test
    void per_test_gives_every_test_a_new_harness_stopped_when_the_test_ends() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(PerTest.class)).execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(2));

        assertThat(SEEN).hasSize(2).doesNotHaveDuplicates();
        SEEN.forEach(url -> assertThat(InProcessApps.lookup(url)).as("stopped: " + url).isEmpty());
    }

    @Test
    void per_class_shares_one_harness_among_the_tests_of_a_class_and_stops_it_after_them() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(PerClass.class)).execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(2));

        assertThat(SEEN).hasSize(2).containsOnly(SEEN.get(0));
        assertThat(InProcessApps.lookup(SEEN.get(0))).isEmpty();
    }

    @Test
    void per_run_shares_one_harness_among_classes_and_stops_it_when_the_run_ends() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(PerRunA.class), selectClass(PerRunB.class)).execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(2));

        assertThat(SEEN).hasSize(2).containsOnly(SEEN.get(0));
        assertThat(InProcessApps.lookup(SEEN.get(0))).isEmpty();
    }

    @Test
    void constructors_get_the_test_s_own_harness() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(ConstructorInjection.class)).execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(1));

        assertThat(SEEN).hasSize(1);
    }
}
