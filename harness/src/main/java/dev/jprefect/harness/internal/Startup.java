package dev.jprefect.harness.internal;

import dev.jprefect.harness.HarnessStartupException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs a start-up as named steps on a thread of its own, bounded by a timeout: when the timeout
 * passes or a step fails, the caller gets a {@link HarnessStartupException} that names the step
 * that did not finish and those that did, and whatever the steps had opened is closed (at once on
 * failure; when the late thread finishes, on timeout).
 */
final class Startup {

    private final String what;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>(); // guarded by this
    private final List<String> finished = new ArrayList<>(); // guarded by this
    private String current; // guarded by this
    private boolean abandoned; // guarded by this

    private Startup(String what) {
        this.what = what;
    }

    /**
     * Runs {@code body} on a new thread and returns its result, or throws.
     *
     * @param what what is starting, for messages, e.g. "the Prefect test harness (IN_PROCESS)"
     * @param timeoutSource the setting or option that set the timeout, for messages
     * @throws HarnessStartupException if a step fails, or the whole takes longer than {@code timeout}
     */
    static <T extends AutoCloseable> T run(String what, Duration timeout, String timeoutSource,
            Function<Startup, T> body) {
        Startup startup = new Startup(what);
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> startup.execute(body, result), "jprefect-harness-start");
        thread.setDaemon(true);
        thread.start();
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HarnessStartupException) {
                throw (HarnessStartupException) cause;
            }
            String step = startup.currentStep();
            throw new HarnessStartupException(step, what + " did not start: step '" + step + "' failed: " + cause
                    + startup.finishedSuffix(), cause);
        } catch (TimeoutException e) {
            String step = startup.abandon();
            thread.interrupt();
            throw new HarnessStartupException(step, what + " did not start within " + describe(timeout) + " ("
                    + timeoutSource + "): step '" + step + "' did not finish" + startup.finishedSuffix(), null);
        } catch (InterruptedException e) {
            String step = startup.abandon();
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new HarnessStartupException(step, what + " did not start: interrupted during step '" + step + "'", e);
        }
    }

    /** Runs {@code action} as the step {@code name}. */
    <T> T step(String name, Supplier<T> action) {
        synchronized (this) {
            current = name;
        }
        T value = action.get();
        synchronized (this) {
            finished.add(name);
        }
        return value;
    }

    /** Notes that {@code resource} must be closed if start-up does not complete; returns it. */
    <R extends AutoCloseable> R opened(R resource) {
        synchronized (this) {
            opened.push(resource);
        }
        return resource;
    }

    private <T extends AutoCloseable> void execute(Function<Startup, T> body, CompletableFuture<T> result) {
        T value;
        try {
            value = body.apply(this);
        } catch (RuntimeException | Error e) {
            closeOpened();
            result.completeExceptionally(e);
            return;
        }
        boolean late;
        synchronized (this) {
            late = abandoned;
        }
        if (late) {
            closeQuietly(value); // the caller has given up: nobody else will close it
            closeOpened();
        } else {
            result.complete(value);
        }
    }

    private synchronized String abandon() {
        abandoned = true;
        return current == null ? "begin" : current;
    }

    private synchronized String currentStep() {
        return current == null ? "begin" : current;
    }

    private synchronized String finishedSuffix() {
        if (finished.isEmpty()) {
            return "; no step had finished";
        }
        return "; finished: " + finished.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "));
    }

    private void closeOpened() {
        while (true) {
            AutoCloseable next;
            synchronized (this) {
                next = opened.poll();
            }
            if (next == null) {
                return;
            }
            closeQuietly(next);
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            System.getLogger(Startup.class.getName()).log(System.Logger.Level.WARNING,
                    "closing " + resource + " after a failed start-up failed", e);
        }
    }

    private static String describe(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }

    @Override
    public synchronized String toString() {
        return "Startup[" + what + ", at " + current + "]";
    }
}
