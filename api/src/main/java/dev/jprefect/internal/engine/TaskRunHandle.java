package dev.jprefect.internal.engine;

import dev.jprefect.RunState;
import dev.jprefect.TaskFuture;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A submitted task run: the engine's {@link TaskFuture}. Its work runs once, on whichever thread
 * claims it first: a thread of the task runner, or a thread that needs its result ({@link #join()},
 * a downstream task, the flow run's end) and would otherwise wait for a pool it may itself occupy.
 */
final class TaskRunHandle<T> implements TaskFuture<T> {
    private final FinalState.RunLabel label;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CompletableFuture<RunState<T>> ended = new CompletableFuture<>();
    private volatile RunState<T> latest;
    private volatile Runnable work;

    /** Makes the handle of the run {@code label}, Pending (locally) as of {@code now}. */
    TaskRunHandle(FinalState.RunLabel label, java.time.Instant now) {
        this.label = label;
        this.latest = FinalState.interim(label, FinalState.local(dev.jprefect.client.schemas.StateType.PENDING,
                "Pending", null, now));
    }

    /** Sets the work that runs the task run and calls {@link #end}; before the handle is shared. */
    void work(Runnable value) {
        this.work = Objects.requireNonNull(value, "work");
    }

    /** Runs the work on this thread unless another thread has claimed it. */
    void runIfUnclaimed() {
        if (claimed.compareAndSet(false, true)) {
            work.run();
        }
    }

    /**
     * Ends the run without running it, if no thread has claimed it yet: its flow run ended first.
     * The state is Cancelled, made here (the run was never created).
     */
    void cancelUnclaimed(String reason, java.time.Instant now) {
        if (claimed.compareAndSet(false, true)) {
            end(FinalState.failed(label, FinalState.local(dev.jprefect.client.schemas.StateType.CANCELLED, "NotRun",
                    reason, now), reason, null));
        }
    }

    /** Records a state the run has entered. */
    void update(RunState<T> state) {
        latest = state;
    }

    /** Records the run's final state and wakes every waiter. */
    void end(RunState<T> state) {
        latest = state;
        ended.complete(state);
    }

    /** Returns the final state, running the work here if no thread has started it. */
    RunState<T> awaitEnd() {
        runIfUnclaimed();
        return ended.join();
    }

    @Override
    public UUID taskRunId() {
        return label.runId();
    }

    @Override
    public T join() {
        return awaitEnd().result();
    }

    @Override
    public boolean await(Duration timeout) {
        try {
            ended.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ended.isDone();
        } catch (ExecutionException e) {
            return true; // never completed exceptionally: failures are states
        }
    }

    @Override
    public RunState<T> state() {
        return latest;
    }

    @Override
    public String toString() {
        return "TaskFuture[" + label + ", " + latest + "]";
    }
}
