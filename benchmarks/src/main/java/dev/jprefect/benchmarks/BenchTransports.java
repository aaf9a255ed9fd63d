package dev.jprefect.benchmarks;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.InProcessApps;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.Transports;
import dev.jprefect.transport.netty.NettyServer;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * One small request's round trip over each transport, and what Netty serves under concurrent load
 * on loopback. The app answers {@code GET /api/health} with {@code true}, as Prefect's server does.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar BenchTransports -f 1 -wi 2 -i 3 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
public class BenchTransports {

    /** The load benchmark's client threads: enough to keep a 2-8 core loopback server busy. */
    private static final int LOAD_THREADS = 16;

    private static final ApiResponse HEALTHY = ApiResponse.json(200, "true");
    private static final RequestHandler APP = request -> HEALTHY;

    private InProcessApps.Registration registration;
    private NettyServer server;
    private Transport inMemory;
    private Transport http;
    private ApiRequest inMemoryHealth;
    private ApiRequest httpHealth;

    @Setup(Level.Trial)
    public void start() {
        registration = InProcessApps.registerUnique("bench", APP);
        inMemory = Transports.open(TransportConfig.of(registration.apiUrl()));
        inMemoryHealth = ApiRequest.get(URI.create(registration.apiUrl() + "/health"));

        server = NettyServer.start(APP);
        http = Transports.open(TransportConfig.of(server.apiUrl()));
        httpHealth = ApiRequest.get(URI.create(server.apiUrl() + "/health"));
        check(inMemory.send(inMemoryHealth).join());
        check(http.send(httpHealth).join());
    }

    @TearDown(Level.Trial)
    public void stop() {
        http.close();
        server.close();
        inMemory.close();
        registration.close();
    }

    /** One request through the in-memory transport: the handler runs on the caller's thread. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ApiResponse bench_round_trip_inmemory() {
        return inMemory.send(inMemoryHealth).join();
    }

    /** One request over the JDK HttpClient to Netty on loopback, kept-alive connection. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ApiResponse bench_round_trip_http_loopback() {
        return http.send(httpHealth).join();
    }

    /** Requests per second that Netty serves to {@value #LOAD_THREADS} concurrent HttpClient callers. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(LOAD_THREADS)
    public ApiResponse bench_requests_per_second_http_loopback() {
        return http.send(httpHealth).join();
    }

    private static void check(ApiResponse response) {
        if (response.status() != 200 || !response.bodyAsString().equals("true")) {
            throw new IllegalStateException("the benchmark app answered " + response + " " + response.bodyAsString());
        }
    }
}
