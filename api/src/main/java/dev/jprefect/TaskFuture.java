package dev.jprefect;

import java.time.Duration;
import java.util.UUID;

/**
 * A task run submitted to its flow run's task runner by {@link Task#submit} or {@link Task#map}.
 *
 * <p>Pass a future to another task ({@link Task#submit(TaskFuture)}) to make that task wait for it
 * and record it as an upstream input. A flow run waits for the futures submitted in it before it
 * ends. Waiting never starves the task runner: a thread that joins a future whose run has not
 * started runs it itself.
 *
 * <pre>{@code
 * TaskFuture<Integer> f = square.submit(7);
 * if (f.await(Duration.ofSeconds(5))) {
 *     System.out.println(f.state().name() + " " + f.join());
 * }
 * }</pre>
 *
 * @param <T> the type of the task's result
 */
public interface TaskFuture<T> {

    /** Returns the id of the task run (chosen when it was submitted, before the run is created). */
    UUID taskRunId();

    /**
     * Waits for the run to end and returns its result.
     *
     * @throws TaskRunException if the run did not complete
     */
    T join();

    /**
     * Waits at most {@code timeout} for the run to end.
     *
     * @return true if the run has ended
     */
    boolean await(Duration timeout);

    /** Returns the run's state now, without waiting: Pending until it has run, then its final state. */
    RunState<T> state();
}
