package dev.jprefect.harness.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.harness.HarnessStartupException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StartupTest {

    /** Something a start-up step opens, so the tests can see whether it was closed. */
    private static final class Resource implements AutoCloseable {
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    void returns_what_the_steps_built() {
        Resource built = Startup.run("the thing", Duration.ofSeconds(10), "a test", startup ->
                startup.step("build", Resource::new));

        assertThat(built.closed.getCount()).isEqualTo(1);
    }

    @Test
    void a_hung_step_fails_after_the_timeout_naming_the_step_the_finished_ones_and_the_setting() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Resource early = new Resource();
        AtomicBoolean interrupted = new AtomicBoolean();

        assertThatThrownBy(() -> Startup.run("the Prefect test harness (SERVER)", Duration.ofMillis(200),
                "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", startup -> {
                    startup.opened(startup.step("create the embedded server", () -> early));
                    return startup.step("listen on a free port of 127.0.0.1", () -> {
                        try {
                            never.await(30, TimeUnit.SECONDS); // bounded: the interrupt is what should end it
                        } catch (InterruptedException e) {
                            interrupted.set(true);
                            Thread.currentThread().interrupt();
                        }
                        return new Resource();
                    });
                }))
                .isInstanceOf(HarnessStartupException.class)
                .hasMessageContaining("the Prefect test harness (SERVER) did not start within 200 ms")
                .hasMessageContaining("(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)")
                .hasMessageContaining("step 'listen on a free port of 127.0.0.1' did not finish")
                .hasMessageContaining("finished: 'create the embedded server'")
                .extracting(e -> ((HarnessStartupException) e).step())
                .isEqualTo("listen on a free port of 127.0.0.1");

        assertThat(early.closed.await(10, TimeUnit.SECONDS)).as("what the abandoned start-up opened is closed").isTrue();
        assertThat(interrupted).isTrue();
    }

    @Test
    void a_failing_step_fails_at_once_naming_the_step_and_closing_what_was_opened() {
        Resource early = new Resource();

        assertThatThrownBy(() -> Startup.run("the Prefect test harness (IN_PROCESS)", Duration.ofSeconds(30), "a test",
                startup -> {
                    startup.opened(startup.step("create the embedded server", () -> early));
                    return startup.step("answer a health check", () -> {
                        throw new IllegalStateException("GET /api/health did not answer true");
                    });
                }))
                .isInstanceOf(HarnessStartupException.class)
                .hasMessageContaining("step 'answer a health check' failed")
                .hasMessageContaining("GET /api/health did not answer true")
                .hasMessageContaining("finished: 'create the embedded server'")
                .hasCauseInstanceOf(IllegalStateException.class);

        assertThat(early.closed.getCount()).isZero();
    }
}
