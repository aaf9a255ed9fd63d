package dev.jprefect.internal.engine;

import dev.jprefect.settings.Settings;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the function of a flow or task and says how it ended: returned, threw an exception (the run
 * fails), ran out of time (the run times out) or crashed (an {@link Error}, or an interruption).
 *
 * <p>Without a timeout the function runs on the calling thread. With one, it runs on a thread of
 * an unbounded daemon pool (so no timed run waits for a thread another holds) while the caller
 * waits for it at most the timeout; on timeout the function's thread is interrupted and left to
 * end. Timeouts are measured by the real clock, not the client's {@code Sleeper}: the function's
 * work takes real time, so a virtual clock (whose sleeps end at once) must not cut it short.
 */
final class Invoker {

    /** How a function ended. */
    sealed interface Outcome {
    }

    /** It returned {@code value}. */
    record Returned(Object value) implements Outcome {
    }

    /** It threw {@code error}. */
    record Threw(Throwable error) implements Outcome {
    }

    /** It did not end within the timeout. */
    record TimedOut(Duration timeout) implements Outcome {
    }

    /** It crashed: threw an {@link Error}, or its thread was interrupted. */
    record Crashed(Throwable error) implements Outcome {
    }

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private static final ExecutorService TIMED = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jprefect-timed-run-" + THREAD_NUMBER.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private Invoker() {
    }

    /**
     * Runs {@code body} as the run {@code frame} (already active on this thread when there is no
     * timeout), within {@code timeout} (null: no limit).
     */
    static Outcome invoke(Callable<Object> body, Duration timeout, Frame frame) {
        if (timeout == null) {
            try {
                return new Returned(body.call());
            } catch (Throwable t) {
                return classify(t, Thread.currentThread().isInterrupted());
            }
        }
        CompletableFuture<Object> result = new CompletableFuture<>();
        Future<?> running = TIMED.submit(Settings.propagating(() -> {
            Frame before = Frames.enter(frame);
            try {
                result.complete(body.call());
            } catch (Throwable t) {
                // get() unwraps a CompletionException: wrap one so that the cause it reports is what the body threw
                result.completeExceptionally(t instanceof CompletionException ? new CompletionException(t) : t);
            } finally {
                Frames.restore(before);
            }
        }));
        try {
            return new Returned(result.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            return new Crashed(e);
        } catch (ExecutionException e) {
            return classify(e.getCause(), false);
        } catch (TimeoutException e) {
            // ran out of time: interrupt the function below and leave its thread to end
        }
        running.cancel(true);
        return new TimedOut(timeout);
    }

    /** Returns the outcome of a function that threw {@code t}. */
    static Outcome classify(Throwable t, boolean interrupted) {
        if (t instanceof Error || interrupted || causedByInterruption(t)) {
            return new Crashed(t);
        }
        return new Threw(t);
    }

    private static boolean causedByInterruption(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof InterruptedException || c instanceof Waits.Interrupted) {
                return true;
            }
        }
        return false;
    }
}
