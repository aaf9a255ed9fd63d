package dev.jprefect.harness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.Runs;
import dev.jprefect.harness.TestRuns;
import dev.jprefect.harness.junit.PrefectTest.Scope;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Tests that run at the same time (JUnit's parallel execution, enabled in junit-platform.properties)
 * and share one harness: each must see only the runs it made, through its own client and through
 * clients that threads it starts build from the settings.
 */
@PrefectTest(scope = Scope.PER_CLASS)
@Execution(ExecutionMode.CONCURRENT)
class ParallelIsolationTest {

    private static final int TESTS = 4;

    /**
     * How long a test waits for the others to have made their runs too, so that all of them query
     * while every run exists; it goes on alone if they have not (it never fails on this wait).
     */
    private static final long OVERLAP_WAIT_SECONDS = 30;

    private static final CountDownLatch ALL_MADE_RUNS = new CountDownLatch(TESTS);
    private static final Set<String> THREADS = ConcurrentHashMap.newKeySet();
    private static final Set<Object> HARNESSES = ConcurrentHashMap.newKeySet();

    private static void makeRunsAndSeeOnlyThem(String flow, PrefectTestHarness harness, PrefectClient client,
            TestRuns runs) throws Exception {
        THREADS.add(Thread.currentThread().getName());
        HARNESSES.add(harness);
        assertThat(Settings.current().get(Setting.API_URL)).contains(harness.apiUrl());

        Runs.flowRun(client, flow, StateType.PENDING, StateType.RUNNING, StateType.COMPLETED);
        Thread worker = new Thread(() -> {
            try (PrefectClient own = PrefectClient.create()) {
                Runs.flowRun(own, flow, StateType.PENDING);
            }
        });
        worker.start();
        worker.join(TimeUnit.SECONDS.toMillis(OVERLAP_WAIT_SECONDS));
        assertThat(worker.isAlive()).as("the worker thread made its run in time").isFalse();

        ALL_MADE_RUNS.countDown();
        ALL_MADE_RUNS.await(OVERLAP_WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(runs.flowRuns()).hasSize(2).extracting(runs::flowName).containsOnly(flow);
        assertThat(harness.runs().flowRuns().size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void first(PrefectTestHarness harness, PrefectClient client, TestRuns runs) throws Exception {
        makeRunsAndSeeOnlyThem("first", harness, client, runs);
    }

    @Test
    void second(PrefectTestHarness harness, PrefectClient client, TestRuns runs) throws Exception {
        makeRunsAndSeeOnlyThem("second", harness, client, runs);
    }

    @Test
    void third(PrefectTestHarness harness, PrefectClient client, TestRuns runs) throws Exception {
        makeRunsAndSeeOnlyThem("third", harness, client, runs);
    }

    @Test
    void fourth(PrefectTestHarness harness, PrefectClient client, TestRuns runs) throws Exception {
        makeRunsAndSeeOnlyThem("fourth", harness, client, runs);
    }

    @AfterAll
    static void the_tests_really_ran_in_parallel_on_one_harness(PrefectTestHarness harness) {
        assertThat(THREADS).as("threads that ran the tests").hasSizeGreaterThan(1);
        assertThat(HARNESSES).containsExactly(harness);
        assertThat(harness.runs().flowRuns()).hasSize(2 * TESTS);
    }
}
