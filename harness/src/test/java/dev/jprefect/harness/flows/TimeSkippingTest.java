package dev.jprefect.harness.flows;

import static dev.jprefect.harness.assertj.PrefectAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.Flow;
import dev.jprefect.Task;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientBuilder;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.State;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.TestRuns;
import dev.jprefect.harness.VirtualClock;
import dev.jprefect.harness.junit.PrefectTest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.Transports;
import dev.jprefect.transport.netty.NettyServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Time skipping end to end: the engine waits out retry delays by the harness's virtual clock, and
 * the server stamps states by the same clock, so delays pass at once but show in the timestamps.
 */
class TimeSkippingTest {

    private static final Duration RETRY_DELAY = Duration.ofSeconds(60);
    private static final int RETRIES = 3;

    /** A task that fails on its first three runs and then returns "ok". */
    private static Task<Void, String> flaky(AtomicInteger attempts) {
        return Task.<String>of("flaky", () -> {
            int attempt = attempts.incrementAndGet();
            if (attempt <= RETRIES) {
                throw new IllegalStateException("attempt " + attempt + " failed");
            }
            return "ok";
        }).withRetries(RETRIES).withRetryDelay(RETRY_DELAY);
    }

    /** The timestamps at which the task run entered Running, in order. */
    private static List<State> runningStates(TestRuns runs, FlowRun run) {
        return runs.states(runs.taskRun(run, "flaky")).stream()
                .filter(s -> s.type() == StateType.RUNNING)
                .collect(Collectors.toList());
    }

    @Test
    @PrefectTest(timeSkipping = true)
    @Timeout(30) // three real 60 s retry delays would blow this: the delays must be skipped
    void a_task_with_three_retries_60_s_apart_completes_at_once_with_the_gaps_in_virtual_time(
            TestRuns runs, VirtualClock clock) {
        AtomicInteger attempts = new AtomicInteger();
        Task<Void, String> task = flaky(attempts);
        Flow<Void, String> flow = Flow.of("retrying", () -> task.call());
        long realStart = System.nanoTime();

        String result = flow.call();

        Duration real = Duration.ofNanos(System.nanoTime() - realStart);
        assertThat(result).isEqualTo("ok");
        assertThat(attempts).hasValue(RETRIES + 1);
        FlowRun run = runs.flowRun("retrying");
        assertThat(run).isCompleted().hasTaskRun("flaky").isCompleted().hasRunCount(RETRIES + 1)
                .hasPassedThrough("AwaitingRetry");
        List<State> running = runningStates(runs, run);
        assertThat(running).hasSize(RETRIES + 1);
        for (int i = 1; i < running.size(); i++) {
            Duration gap = Duration.between(running.get(i - 1).timestamp(), running.get(i).timestamp());
            assertThat(gap).as("virtual time between run %d and run %d", i, i + 1)
                    .isGreaterThanOrEqualTo(RETRY_DELAY)
                    .isLessThanOrEqualTo(RETRY_DELAY.plus(real)); // skipped, not added to
        }
        assertThat(clock.skipped()).isGreaterThanOrEqualTo(RETRY_DELAY.multipliedBy(RETRIES).minus(real));
    }

    @Test
    @PrefectTest(timeSkipping = true)
    @Timeout(30)
    void a_flow_retry_waits_out_its_scheduled_start_time_in_virtual_time(TestRuns runs) {
        AtomicInteger attempts = new AtomicInteger();
        Flow<Void, String> flow = Flow.<String>of("retrying-flow", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("first attempt failed");
            }
            return "ok";
        }).withRetries(1).withRetryDelay(Duration.ofMinutes(10));
        long realStart = System.nanoTime();

        assertThat(flow.call()).isEqualTo("ok");

        Duration real = Duration.ofNanos(System.nanoTime() - realStart);
        FlowRun run = runs.flowRun("retrying-flow");
        assertThat(run).isCompleted().hasRunCount(2).hasPassedThrough("AwaitingRetry");
        State awaiting = runs.states(run).stream().filter(s -> "AwaitingRetry".equals(s.name())).findFirst().orElseThrow();
        List<State> running = runs.states(run).stream().filter(s -> s.type() == StateType.RUNNING)
                .collect(Collectors.toList());
        assertThat(running).hasSize(2);
        assertThat(Duration.between(awaiting.timestamp(), running.get(1).timestamp()))
                .isGreaterThanOrEqualTo(Duration.ofMinutes(10))
                .isLessThanOrEqualTo(Duration.ofMinutes(10).plus(real));
    }

    @Test
    @Timeout(30)
    void retry_after_waits_of_the_client_pass_at_once() {
        VirtualClock clock = VirtualClock.start();
        AtomicInteger calls = new AtomicInteger();
        RequestHandler busyOnce = request -> calls.incrementAndGet() == 1
                ? ApiResponse.builder(429).header("Retry-After", "120").header("Content-Type", "application/json")
                        .body("{\"detail\":\"slow down\"}").build()
                : ApiResponse.json(200, "true");
        try (NettyServer server = NettyServer.start(busyOnce);
                PrefectClient client = PrefectClientBuilder.create()
                        .transport(Transports.open(TransportConfig.of(server.apiUrl())), server.apiUrl())
                        .sleeper(clock)
                        .build()) {
            Instant before = clock.instant();

            assertThat(client.health()).isTrue();

            assertThat(calls).hasValue(2);
            assertThat(Duration.between(before, clock.instant())).isGreaterThanOrEqualTo(Duration.ofSeconds(120));
        }
    }

    @Test
    @Timeout(30)
    void without_time_skipping_the_same_delays_are_really_waited_so_the_harness_is_what_skips_them() {
        // A harness on the system clock, and a task retried after 300 ms: the delay is really waited.
        try (PrefectTestHarness harness = PrefectTestHarness.start()) {
            AtomicInteger attempts = new AtomicInteger();
            Task<Void, String> task = Task.<String>of("flaky", () -> {
                if (attempts.incrementAndGet() == 1) {
                    throw new IllegalStateException("first attempt failed");
                }
                return "ok";
            }).withRetries(1).withRetryDelay(Duration.ofMillis(300));
            long realStart = System.nanoTime();

            assertThat(Flow.of("retrying-for-real", () -> task.call()).call()).isEqualTo("ok");

            assertThat(Duration.ofNanos(System.nanoTime() - realStart)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(harness.virtualClock()).isEmpty();
        }
    }
}
