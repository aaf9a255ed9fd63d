package dev.jprefect.benchmarks;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.InProcessApps;
import dev.jprefect.transport.MessageChannel;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.StreamHandler;
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

/**
 * One message's round trip over a stream (the transport half of an event's way from the server to
 * a subscriber): sent by the client, echoed by the server's stream handler, received by the client.
 * In process, and over a WebSocket to Netty on loopback. The message is the size of a typical
 * Prefect state-change event (about 1 KiB of JSON).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar BenchStreams -f 1 -wi 3 -i 5 -w 2s -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
public class BenchStreams {

    private static final String EVENT = "{\"type\":\"event\",\"event\":{\"payload\":\"" + "x".repeat(1000) + "\"}}";

    /** An app whose {@code /api/echo} stream sends every message back. */
    private static final RequestHandler APP = new RequestHandler() {
        @Override
        public ApiResponse handle(ApiRequest request) {
            return ApiResponse.detail(404, "Not Found");
        }

        @Override
        public StreamHandler streamHandler(ApiRequest request) {
            return BenchStreams::echo;
        }
    };

    private InProcessApps.Registration registration;
    private NettyServer server;
    private Transport inMemory;
    private Transport http;
    private MessageChannel inMemoryStream;
    private MessageChannel webSocket;

    @Setup(Level.Trial)
    public void start() {
        registration = InProcessApps.registerUnique("bench", APP);
        inMemory = Transports.open(TransportConfig.of(registration.apiUrl()));
        inMemoryStream = inMemory.openStream(ApiRequest.get(URI.create(registration.apiUrl() + "/echo"))).join();
        server = NettyServer.start(APP);
        http = Transports.open(TransportConfig.of(server.apiUrl()));
        webSocket = http.openStream(ApiRequest.get(URI.create(server.apiUrl() + "/echo"))).join();
    }

    @TearDown(Level.Trial)
    public void stop() {
        webSocket.close();
        http.close();
        server.close();
        inMemoryStream.close();
        inMemory.close();
        registration.close();
    }

    /** In process: the echo runs on the sending thread; no socket, no thread hop. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public String bench_stream_round_trip_inmemory() {
        inMemoryStream.send(EVENT).join();
        return inMemoryStream.receive().join();
    }

    /** Over a JDK WebSocket to Netty on loopback: two frames; the echo runs on the connection's event loop. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public String bench_stream_round_trip_websocket_loopback() {
        webSocket.send(EVENT).join();
        return webSocket.receive().join();
    }

    private static void echo(MessageChannel channel) {
        channel.receive().thenCompose(channel::send).whenComplete((ok, error) -> {
            if (error == null) {
                echo(channel);
            }
        });
    }
}
