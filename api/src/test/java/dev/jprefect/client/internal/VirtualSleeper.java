package dev.jprefect.client.internal;

import dev.jprefect.client.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Virtual time for tests: a sleep is recorded and advances the clock at once, or, when held,
 * stays pending until the test releases it.
 */
final class VirtualSleeper implements Sleeper {
    private Instant now = Instant.parse("2024-06-01T12:00:00Z");
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<CompletableFuture<Void>> held = new ArrayList<>();
    private boolean hold;

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public CompletableFuture<Void> sleep(Duration duration) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            sleeps.add(duration);
            if (hold) {
                held.add(done);
                return done;
            }
            now = now.plus(duration);
        }
        done.complete(null);
        return done;
    }

    synchronized void advance(Duration by) {
        now = now.plus(by);
    }

    /** From now on, sleeps stay pending until {@link #releaseAll()}. */
    synchronized void hold() {
        hold = true;
    }

    /** Completes the pending sleeps, in order, advancing the clock by each. */
    void releaseAll() {
        List<CompletableFuture<Void>> pending;
        synchronized (this) {
            hold = false;
            pending = new ArrayList<>(held);
            held.clear();
        }
        pending.forEach(f -> f.complete(null));
    }

    synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** The sleeps in seconds, for readable assertions. */
    synchronized List<Double> sleepSeconds() {
        List<Double> seconds = new ArrayList<>();
        sleeps.forEach(d -> seconds.add(d.toNanos() / 1e9));
        return seconds;
    }
}
