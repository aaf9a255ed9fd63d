package dev.jprefect.client.internal;

import dev.jprefect.client.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The wall clock, and waits scheduled on the JDK's shared delayed executor (a daemon timer that
 * hands completion to the common pool): no thread is held while a retry waits.
 */
public final class SystemSleeper implements Sleeper {

    /** The shared instance. */
    public static final SystemSleeper INSTANCE = new SystemSleeper();

    private SystemSleeper() {
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    /** The longest wait, within what a long counts in nanoseconds. */
    private static final Duration LONGEST = Duration.ofDays(365L * 200);

    @Override
    public CompletableFuture<Void> sleep(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return CompletableFuture.completedFuture(null);
        }
        // a timed wait counts nanoseconds in a long: 292 years at most (a run may be scheduled in year 9999)
        long nanos = duration.compareTo(LONGEST) > 0 ? LONGEST.toNanos() : duration.toNanos();
        Executor later = CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS);
        return CompletableFuture.runAsync(() -> { }, later);
    }

    @Override
    public String toString() {
        return "Sleeper.system()";
    }
}
