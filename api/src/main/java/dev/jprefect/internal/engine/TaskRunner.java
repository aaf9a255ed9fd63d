package dev.jprefect.internal.engine;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A flow run's task runner, Prefect's {@code ThreadPoolTaskRunner}: a bounded pool of daemon threads,
 * started on the first submission and stopped when the flow run ends, that runs submitted task
 * runs. Each flow run (subflows too) has its own, and a thread waiting for a submitted run that has
 * not started runs it itself, so nested flows and submissions never wait for a pool they occupy.
 */
final class TaskRunner {

    /**
     * Threads when neither the flow nor {@code PREFECT_TASKS_RUNNER_THREAD_POOL_MAX_WORKERS} says:
     * task functions mostly wait on I/O, so more threads than cores; Prefect's own default is
     * unbounded, which a JVM should not copy.
     */
    static final int DEFAULT_THREADS = 16;

    /** How long an idle thread of the pool lives. */
    private static final long IDLE_SECONDS = 30;

    private final String name;
    private final int threads;
    private final ConcurrentLinkedQueue<TaskRunHandle<?>> submitted = new ConcurrentLinkedQueue<>();
    private ThreadPoolExecutor pool; // guarded by this; made on first use
    private boolean closed; // guarded by this

    TaskRunner(String name, int threads) {
        this.name = name;
        this.threads = threads;
    }

    /** Queues {@code handle} to run on the pool. */
    void submit(TaskRunHandle<?> handle) {
        submitted.add(handle);
        executor().execute(handle::runIfUnclaimed);
    }

    /** Waits for every task run submitted so far, and those they submit, running unstarted ones here. */
    void awaitAll() {
        TaskRunHandle<?> handle;
        while ((handle = submitted.poll()) != null) {
            handle.awaitEnd();
        }
    }

    /**
     * Stops the pool: runs not yet waited for are handed to {@code notRun} (which ends those not
     * started), and the threads of runs still going are interrupted.
     */
    void close(Consumer<TaskRunHandle<?>> notRun) {
        ThreadPoolExecutor stopping;
        synchronized (this) {
            closed = true;
            stopping = pool;
        }
        TaskRunHandle<?> handle;
        while ((handle = submitted.poll()) != null) {
            notRun.accept(handle);
        }
        if (stopping != null) {
            stopping.shutdownNow();
        }
    }

    private synchronized ThreadPoolExecutor executor() {
        if (closed) {
            throw new IllegalStateException("the task runner of flow run '" + name
                    + "' has stopped: a task may only be submitted while its flow run runs");
        }
        if (pool == null) {
            AtomicInteger number = new AtomicInteger();
            pool = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    r -> {
                        Thread t = new Thread(r, "jprefect-task-runner-" + name + "-" + number.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
        }
        return pool;
    }
}
