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

    @Override
    public CompletableFuture<Void> sleep(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return CompletableFuture.completedFuture(null);
        }
        Executor later = CompletableFuture.delayedExecutor(duration.toNanos(), TimeUnit.NANOSECONDS);
        return CompletableFuture.runAsync(() -> { }, later);
    }

    @Override
    public String toString() {
        return "Sleeper.system()";
    }
}
