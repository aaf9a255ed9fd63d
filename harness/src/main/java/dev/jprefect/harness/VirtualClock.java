package dev.jprefect.harness;

import dev.jprefect.client.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock for tests in which waiting takes no time: retry delays, {@code Retry-After} waits and
 * scheduled start times pass at once, while every reader of the clock sees them pass.
 *
 * <p>One clock is shared by everything that has a notion of time in a test: the client's pipeline
 * (as its {@link Sleeper}), the flow and task engine (which waits through the client's sleeper) and
 * the embedded server (as its {@link InstantSource}). Build a harness with
 * {@code PrefectTestHarness.builder().timeSkipping(true)} and it wires all three; a task with three
 * retries 60 s apart then finishes in milliseconds, and the states the server records are 60 s
 * apart.
 *
 * <p>The design, and why it is sound:
 * <ul>
 *   <li>Virtual time runs along with real time: {@code now = origin + real time elapsed + skipped}.
 *       Work that really takes time still shows in timestamps and durations, and timestamps taken
 *       one after the other keep their order.</li>
 *   <li>{@link #sleep(Duration) sleep(d)} computes its deadline {@code now + d}, moves virtual time
 *       forward to that deadline (if it is not already past it) and returns an already completed
 *       future, so the caller continues on its own thread at once. A sleep never ends before its
 *       deadline as every reader sees it, however many threads sleep at the same time.</li>
 *   <li>Time only moves forward: the skipped amount only grows (one atomic counter), and
 *       {@link System#nanoTime()} is monotonic, so every thread sees the same, non-decreasing
 *       time. Concurrent sleeps do not add up: two threads that sleep 60 s at the same moment both
 *       wake 60 s later, not 120 s.</li>
 * </ul>
 * What it cannot do: a background loop that waits on this clock between rounds (poll every 2 s,
 * forever) would spin and race time forward, so periodic background work must wait on a signal
 * or on real time, not on this clock.
 *
 * <pre>{@code
 * VirtualClock clock = VirtualClock.start();
 * Instant before = clock.instant();
 * clock.sleep(Duration.ofMinutes(5)).join();     // returns at once
 * Duration.between(before, clock.instant());    // at least 5 minutes
 * }</pre>
 */
public final class VirtualClock implements Sleeper, InstantSource {

    private final Instant origin;
    private final long originNanos;
    /** Virtual nanoseconds added to real elapsed time by sleeps and {@link #advance(Duration)}. */
    private final AtomicLong skippedNanos = new AtomicLong();
    private final AtomicLong sleeps = new AtomicLong();
    private final List<Runnable> advanceListeners = new CopyOnWriteArrayList<>();

    private VirtualClock(Instant origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.originNanos = System.nanoTime();
    }

    /** Returns a clock that starts at the wall clock's current instant. */
    public static VirtualClock start() {
        return new VirtualClock(Instant.now());
    }

    /** Returns a clock that starts at {@code origin} (handy for timestamps that read the same in every run). */
    public static VirtualClock startingAt(Instant origin) {
        return new VirtualClock(origin);
    }

    /** Returns the current virtual instant. */
    @Override
    public Instant instant() {
        return origin.plusNanos(elapsedNanos(skippedNanos.get()));
    }

    /** Returns the current virtual instant; the same as {@link #instant()}. */
    @Override
    public Instant now() {
        return instant();
    }

    /**
     * Lets {@code duration} pass in virtual time and returns an already completed future; zero or
     * negative lets no time pass. Never blocks.
     */
    @Override
    public CompletableFuture<Void> sleep(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        sleeps.incrementAndGet();
        if (!duration.isNegative() && !duration.isZero()) {
            skipTo(elapsedNanos(skippedNanos.get()) + duration.toNanos());
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Moves virtual time forward by {@code duration} without anyone sleeping, e.g. to make a
     * scheduled run due.
     *
     * @throws IllegalArgumentException if {@code duration} is negative: time never goes back
     */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a virtual clock only moves forward; cannot advance by " + duration);
        }
        skippedNanos.addAndGet(duration.toNanos());
        for (Runnable listener : advanceListeners) {
            listener.run();
        }
    }

    /**
     * Runs {@code listener} after every {@link #advance(Duration)}, on the advancing thread, until
     * the returned handle is closed. A harness with time skipping uses it to run the embedded
     * server's background services (scheduler, late runs) as of the new time, so advancing the clock
     * makes scheduled runs due and marks overdue ones Late before {@code advance} returns.
     */
    public AutoCloseable onAdvance(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        advanceListeners.add(listener);
        return () -> advanceListeners.remove(listener);
    }

    /** Returns how much virtual time sleeps and {@link #advance(Duration)} have skipped so far. */
    public Duration skipped() {
        return Duration.ofNanos(skippedNanos.get());
    }

    /** Returns how many times {@link #sleep(Duration)} has been called. */
    public long sleepCount() {
        return sleeps.get();
    }

    @Override
    public String toString() {
        return "VirtualClock[now=" + instant() + ", skipped=" + skipped() + "]";
    }

    /** Virtual nanoseconds since the origin, given the skipped amount. */
    private long elapsedNanos(long skipped) {
        return System.nanoTime() - originNanos + skipped;
    }

    /**
     * Makes virtual time (nanoseconds since the origin) at least {@code deadline}: adds just what is
     * missing to the skipped amount, so sleeps that overlap do not add up.
     */
    private void skipTo(long deadline) {
        while (true) {
            long skipped = skippedNanos.get();
            long missing = deadline - elapsedNanos(skipped);
            if (missing <= 0 || skippedNanos.compareAndSet(skipped, skipped + missing)) {
                return;
            }
        }
    }
}
