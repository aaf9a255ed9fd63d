package dev.jprefect.benchmarks;

import dev.jprefect.Flow;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Prefect's {@code benches/bench_flows.py}: defining a flow ({@code bench_flow_decorator}, Prefect
 * 5.1-5.7 ms) and calling a no-op flow ({@code bench_flow_call}, Prefect 106-172 ms): registering
 * it (once per client), creating the run, Pending, Running and Completed, and flushing its logs,
 * against a fresh embedded server in-process or over HTTP.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar BenchFlows -f 1 -wi 2 -i 3 -w 2s -r 2s
 * </pre>
 */
@State(Scope.Thread)
public class BenchFlows {

    /** How the flow reaches the server. */
    @Param({"IN_PROCESS", "HTTP"})
    public FlowBenchServer.Via via;

    private FlowBenchServer server;
    private Flow<Void, Object> noop;

    @Setup(Level.Trial)
    public void start() {
        server = new FlowBenchServer(via);
        noop = Flow.of("noop", () -> null);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        server.close();
    }

    /** Defining a flow: {@code flow(noop_function)}; no I/O. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Flow<Void, Object> bench_flow_decorator() {
        return Flow.of("noop", () -> null);
    }

    /** Calling a no-op flow: one flow run from creation to Completed. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object bench_flow_call() {
        return noop.call();
    }
}
