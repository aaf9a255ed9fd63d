package dev.jprefect.integration;

import dev.jprefect.client.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Virtual time: each wait is recorded, advances the clock and completes at once. */
final class RecordingSleeper implements Sleeper {
    private Instant now = Instant.parse("2024-06-01T12:00:00Z");
    private final List<Double> seconds = new ArrayList<>();

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public CompletableFuture<Void> sleep(Duration duration) {
        synchronized (this) {
            seconds.add(duration.toNanos() / 1e9);
            now = now.plus(duration);
        }
        return CompletableFuture.completedFuture(null);
    }

    synchronized void advance(Duration by) {
        now = now.plus(by);
    }

    /** Returns the waits so far, in seconds. */
    synchronized List<Double> waits() {
        return List.copyOf(seconds);
    }
}
