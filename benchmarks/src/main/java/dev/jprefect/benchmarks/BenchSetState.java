package dev.jprefect.benchmarks;

import dev.jprefect.server.PrefectServer;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.Transports;
import dev.jprefect.transport.netty.NettyServer;
import java.net.URI;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * Accepted flow-run state changes per second over HTTP, per store: each of 16 clients proposes
 * Running for a run of its own ({@code POST /flow_runs/{id}/set_state}, orchestrated and accepted,
 * a new state written each time) to jprefect's server on Netty on loopback, kept in memory or in
 * the database {@code store} names (a SQLite file or PostgreSQL, as
 * {@code PREFECT_API_DATABASE_CONNECTION_URL}; the database keeps what earlier runs wrote).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar BenchSetState -f 1 -wi 2 -i 3 -w 5s -r 10s
 * java -jar benchmarks/target/benchmarks.jar BenchSetState -f 1 -wi 2 -i 3 -w 5s -r 10s -p store=sqlite:////tmp/bench/prefect.db
 * </pre>
 */
@State(Scope.Benchmark)
@Threads(16)
public class BenchSetState {

    private static final String RUNNING = "{\"state\":{\"type\":\"RUNNING\"}}";

    /** {@code memory}, or a database URL. */
    @Param({"memory"})
    public String store;

    private NettyServer netty;
    private Transport transport;
    private String flow;

    @Setup(Level.Trial)
    public void start() {
        PrefectServer.Builder server = PrefectServer.builder().settings(Settings.isolated(Map.of()));
        if (!store.equals("memory")) {
            server.database(store);
        }
        netty = NettyServer.start(server.build());
        transport = Transports.open(TransportConfig.of(netty.apiUrl()));
        flow = ApiCalls.createdId(ApiCalls.post(transport, URI.create(netty.apiUrl() + "/flows/"), "{\"name\":\"bench-set-state\"}"));
    }

    @TearDown(Level.Trial)
    public void stop() {
        transport.close();
        netty.close();
    }

    /** A client's own flow run. */
    @State(Scope.Thread)
    public static class Client {
        URI setState;

        @Setup(Level.Trial)
        public void create(BenchSetState bench) {
            String run = ApiCalls.createdId(ApiCalls.post(bench.transport, URI.create(bench.netty.apiUrl() + "/flow_runs/"),
                    "{\"flow_id\":\"" + bench.flow + "\"}"));
            setState = URI.create(bench.netty.apiUrl() + "/flow_runs/" + run + "/set_state");
        }
    }

    /** One accepted state change. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public ApiResponse set_state(Client client) {
        ApiResponse answer = transport.send(ApiRequest.builder("POST", client.setState)
                .header("Content-Type", "application/json").body(RUNNING).build()).join();
        if (answer.status() != 201 || !answer.bodyAsString().contains("\"status\":\"ACCEPT\"")) {
            throw new IllegalStateException("set_state answered " + answer.status() + ": " + answer.bodyAsString());
        }
        return answer;
    }

}
