package dev.jprefect.internal.engine;

import dev.jprefect.client.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The engine's waiting: every delay (retry delays, WAIT answers, scheduled start times, polling a
 * pending run) goes through the client's {@link Sleeper}, so a virtual clock makes them instant. No
 * wait is unbounded: a sleep that the clock has not ended {@link #SLEEP_GRACE} after its real
 * duration is given up, and the server, asked again, says whether to wait more.
 */
final class Waits {

    /** How much longer than asked a sleep may take by the real clock before the engine moves on. */
    static final Duration SLEEP_GRACE = Duration.ofSeconds(60);

    /**
     * The longest single wait: a timed wait counts nanoseconds in a long (292 years), and a run
     * may be scheduled in year 9999. A longer wait ends after this, and the engine asks again.
     */
    static final Duration LONGEST = Duration.ofDays(365L * 200);

    private Waits() {
    }

    /** The thread was interrupted while the engine waited: the run crashes. */
    static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Interrupted(InterruptedException cause) {
            super("interrupted while waiting", cause);
        }
    }

    /**
     * Waits {@code duration} by the sleeper's clock (nothing if zero or negative).
     *
     * @throws Interrupted if the thread is interrupted (its interrupt flag is set again)
     */
    static void sleep(Sleeper sleeper, Duration asked) {
        if (asked.isZero() || asked.isNegative()) {
            return;
        }
        Duration duration = asked.compareTo(LONGEST) > 0 ? LONGEST : asked;
        try {
            sleeper.sleep(duration).get(duration.plus(SLEEP_GRACE).toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted(e);
        } catch (ExecutionException | TimeoutException e) {
            // a failed or overlong sleep ends the wait; the server decides whether it was long enough
        }
    }

    /** Waits until {@code time} by the sleeper's clock; returns at once if it has passed or is null. */
    static void sleepUntil(Sleeper sleeper, OffsetDateTime time) {
        if (time != null) {
            Instant now = sleeper.now();
            sleep(sleeper, Duration.between(now, time.toInstant()));
        }
    }
}
