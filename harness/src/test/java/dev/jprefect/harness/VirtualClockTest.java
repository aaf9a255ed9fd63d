package dev.jprefect.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VirtualClockTest {

    @Test
    void a_sleep_completes_at_once_and_lets_its_duration_pass() {
        VirtualClock clock = VirtualClock.start();
        Instant before = clock.instant();

        CompletableFuture<Void> slept = clock.sleep(Duration.ofHours(3));

        assertThat(slept).isDone();
        assertThat(Duration.between(before, clock.instant())).isGreaterThanOrEqualTo(Duration.ofHours(3));
        assertThat(clock.skipped()).isGreaterThan(Duration.ofHours(3).minusSeconds(1));
        assertThat(clock.sleepCount()).isEqualTo(1);
    }

    @Test
    void zero_and_negative_sleeps_let_no_time_be_skipped() {
        VirtualClock clock = VirtualClock.start();

        assertThat(clock.sleep(Duration.ZERO)).isDone();
        assertThat(clock.sleep(Duration.ofSeconds(-5))).isDone();

        assertThat(clock.skipped()).isEqualTo(Duration.ZERO);
    }

    @Test
    void starts_at_the_given_origin_and_runs_with_real_time() {
        Instant origin = Instant.parse("2024-01-01T00:00:00Z");
        VirtualClock clock = VirtualClock.startingAt(origin);

        Instant first = clock.instant();
        Instant second = clock.instant();

        assertThat(first).isAfterOrEqualTo(origin).isBefore(origin.plusSeconds(60));
        assertThat(second).isAfterOrEqualTo(first);
        assertThat(clock.millis()).isBetween(second.toEpochMilli(), clock.instant().toEpochMilli());
    }

    @Test
    void advance_moves_time_forward_and_never_back() {
        VirtualClock clock = VirtualClock.start();
        Instant before = clock.instant();

        clock.advance(Duration.ofDays(2));

        assertThat(Duration.between(before, clock.instant())).isGreaterThanOrEqualTo(Duration.ofDays(2));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only moves forward");
    }

    @Test
    void sequential_sleeps_add_up() {
        VirtualClock clock = VirtualClock.start();
        Instant before = clock.instant();

        for (int i = 0; i < 3; i++) {
            clock.sleep(Duration.ofSeconds(60)).join();
        }

        assertThat(Duration.between(before, clock.instant())).isGreaterThanOrEqualTo(Duration.ofSeconds(180));
    }

    @Test
    void every_thread_sees_time_only_go_forward_and_every_sleep_last_its_duration() throws Exception {
        VirtualClock clock = VirtualClock.start();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                workers.add(pool.submit(() -> {
                    Instant last = clock.instant();
                    for (int i = 0; i < 2_000; i++) {
                        Duration nap = Duration.ofMillis((i * 37L + seed * 11L) % 5_000);
                        Instant before = clock.instant();
                        assertThat(before).isAfterOrEqualTo(last);
                        clock.sleep(nap).join();
                        last = clock.instant();
                        assertThat(Duration.between(before, last)).isGreaterThanOrEqualTo(nap);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(clock.sleepCount()).isEqualTo(8_000);
    }
}
