package dev.jprefect.benchmarks;

import dev.jprefect.harness.PrefectTestHarness;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What a test pays for a Prefect server of its own: starting a {@link PrefectTestHarness} (a new
 * embedded server with empty storage, its client's health checked) and stopping it, in each mode.
 * Prefect's {@code prefect_test_harness} starts a subprocess server and waits for it with a 30 s
 * start-up timeout; it has no benchmark in {@code benches/}, so this one has no namesake there.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar BenchHarness -f 1 -wi 2 -i 3 -w 2s -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
public class BenchHarness {

    /** The harness mode: in-process ({@code inmemory://}) or on a loopback port (Netty and the JDK HttpClient). */
    @Param({"IN_PROCESS", "SERVER"})
    public PrefectTestHarness.Mode mode;

    /** Starts a harness (server, lifespan, registration or port, client, health check) and closes it. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public URI bench_harness_start_stop() {
        try (PrefectTestHarness harness = PrefectTestHarness.builder().mode(mode).startDetached()) {
            return harness.apiUrl();
        }
    }
}
