package dev.jprefect.benchmarks;

import dev.jprefect.Flow;
import dev.jprefect.Task;
import dev.jprefect.TaskFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Prefect's {@code benches/bench_tasks.py}: defining a task ({@code bench_task_decorator}, Prefect
 * 0.6 ms), calling a no-op task inside a flow ({@code bench_task_call}, Prefect 31 ms) and submitting
 * one ({@code bench_task_submit}, Prefect 9-11 ms), against a fresh embedded server in-process or
 * over HTTP.
 *
 * <p>Prefect measures a task call or submission inside one long flow run. A JMH invocation cannot
 * sit inside a flow run, so each invocation here is a flow run of {@value #TASKS_PER_FLOW} task
 * calls (or submissions, which the flow run waits for), and the time is divided by that number:
 * the flow run's own cost is amortized over them, and a submission's figure includes running the
 * task on the task runner.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar BenchTasks -f 1 -wi 2 -i 3 -w 2s -r 2s
 * </pre>
 */
@State(Scope.Thread)
public class BenchTasks {

    /** Task calls or submissions per flow run; the flow run's own cost is spread over them. */
    static final int TASKS_PER_FLOW = 100;

    /** How the runs reach the server. */
    @Param({"IN_PROCESS", "HTTP"})
    public FlowBenchServer.Via via;

    private FlowBenchServer server;
    private Flow<Void, Integer> calling;
    private Flow<Void, Integer> submitting;

    @Setup(Level.Trial)
    public void start() {
        server = new FlowBenchServer(via);
        Task<Void, Object> noop = Task.of("noop", () -> null);
        calling = Flow.of("bench-task-call", () -> {
            for (int i = 0; i < TASKS_PER_FLOW; i++) {
                noop.call();
            }
            return TASKS_PER_FLOW;
        });
        submitting = Flow.of("bench-task-submit", () -> {
            List<TaskFuture<Object>> futures = new ArrayList<>(TASKS_PER_FLOW);
            for (int i = 0; i < TASKS_PER_FLOW; i++) {
                futures.add(noop.submit());
            }
            return futures.size(); // the flow run ends when the submitted runs have
        });
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        server.close();
    }

    /** Defining a task: {@code task(noop_function)}; no I/O. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Task<Void, Object> bench_task_decorator() {
        return Task.of("noop", () -> null);
    }

    /** Calling a no-op task in a flow run: one task run from creation to Completed, on this thread. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(TASKS_PER_FLOW)
    public Integer bench_task_call() {
        return calling.call();
    }

    /** Submitting a no-op task in a flow run, and its run on the flow's task runner. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @OperationsPerInvocation(TASKS_PER_FLOW)
    public Integer bench_task_submit() {
        return submitting.call();
    }
}
