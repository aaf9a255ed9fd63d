package dev.jprefect.transport.inmemory.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds a handler call on the caller's own thread: if the call outlives its timeout, the thread is
 * interrupted, so a handler blocked in an interruptible wait returns instead of hanging the client.
 *
 * <p>One daemon thread per JVM keeps the alarms; the call itself never leaves the caller's thread.
 * {@link #stop()} clears the interrupt this timer caused, so it never leaks into the caller's code.
 */
final class RequestTimer {
    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int INTERRUPTING = 2;
    private static final int INTERRUPTED = 3;

    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final Thread caller = Thread.currentThread();
    private final boolean interruptedBefore = caller.isInterrupted();
    private ScheduledFuture<?> alarm;

    private RequestTimer() {
    }

    /** Starts timing a call made on the current thread. */
    static RequestTimer start(Duration timeout) {
        RequestTimer timer = new RequestTimer();
        timer.alarm = Alarms.SCHEDULER.schedule(timer::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
        return timer;
    }

    /** Stops timing; returns true if the call outlived its timeout (and was interrupted). */
    boolean stop() {
        if (state.compareAndSet(RUNNING, FINISHED)) {
            alarm.cancel(false);
            return false;
        }
        while (state.get() != INTERRUPTED) {
            Thread.onSpinWait(); // the alarm thread is between its compareAndSet and interrupt()
        }
        Thread.interrupted(); // the interrupt was ours, not the caller's ...
        if (interruptedBefore) {
            caller.interrupt(); // ... unless the caller had been interrupted already
        }
        return true;
    }

    private void expire() {
        if (state.compareAndSet(RUNNING, INTERRUPTING)) {
            caller.interrupt();
            state.set(INTERRUPTED);
        }
    }

    /** The JVM-wide alarm thread, started on the first in-memory request. */
    private static final class Alarms {
        static final ScheduledThreadPoolExecutor SCHEDULER = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "jprefect-inmemory-request-timer");
                thread.setDaemon(true);
                return thread;
            });
            scheduler.setRemoveOnCancelPolicy(true); // cancelled alarms (nearly all) leave the queue at once
            return scheduler;
        }
    }
}
