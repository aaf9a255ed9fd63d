package dev.jprefect.benchmarks;

import dev.jprefect.server.PrefectServer;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.InProcessApps;
import dev.jprefect.transport.MessageChannel;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.Transports;
import dev.jprefect.transport.netty.NettyServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
 * From a state change to its event at a subscriber, on jprefect's server: a client proposes a
 * flow-run state ({@code POST /flow_runs/{id}/set_state}, accepted), orchestration writes it and
 * its {@code prefect.flow-run.Running} event, and a subscriber of {@code /events/out} (Prefect's
 * protocol) receives the event. In process, and over HTTP plus a WebSocket to Netty on loopback.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar BenchEvents -f 1 -wi 3 -i 5 -w 2s -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
public class BenchEvents {

    private static final String RUNNING = "{\"state\":{\"type\":\"RUNNING\"}}";

    /** One server with a flow run, a client transport to it, and a subscriber of its flow-run events. */
    private static final class Side {
        final Transport transport;
        final URI api;
        final MessageChannel subscriber;
        final URI setState;

        Side(Transport transport, URI api) {
            this.transport = transport;
            this.api = api;
            String flow = ApiCalls.createdId(ApiCalls.post(transport, URI.create(api + "/flows/"), "{\"name\":\"bench-events\"}"));
            String run = ApiCalls.createdId(ApiCalls.post(transport, URI.create(api + "/flow_runs/"), "{\"flow_id\":\"" + flow + "\"}"));
            this.setState = URI.create(api + "/flow_runs/" + run + "/set_state");
            this.subscriber = transport.openStream(ApiRequest.builder("GET", URI.create(api + "/events/out"))
                    .header("Sec-WebSocket-Protocol", "prefect").build()).join();
            subscriber.send("{\"type\":\"auth\",\"token\":null}").join();
            subscriber.receive().join(); // auth_success
            subscriber.send("{\"type\":\"filter\",\"backfill\":false,\"filter\":{\"event\":{\"prefix\":[\"prefect.flow-run.\"]},"
                    + "\"occurred\":{\"since\":\"" + Instant.now().minusSeconds(60) + "\",\"until\":\""
                    + Instant.now().plus(Duration.ofDays(365)) + "\"}}}").join();
        }

        /** One accepted state change, and its event at the subscriber. */
        String stateChangeToEvent() {
            ApiResponse answer = transport.send(ApiRequest.builder("POST", setState).header("Content-Type", "application/json")
                    .body(RUNNING).build()).join();
            if (answer.status() != 201) {
                throw new IllegalStateException("set_state answered " + answer.status() + ": " + answer.bodyAsString());
            }
            return subscriber.receive().join();
        }

        void close() {
            subscriber.close();
            transport.close();
        }
    }

    private InProcessApps.Registration registration;
    private NettyServer netty;
    private Side inMemory;
    private Side webSocket;

    @Setup(Level.Trial)
    public void start() {
        registration = InProcessApps.registerUnique("bench-events", PrefectServer.builder()
                .settings(Settings.isolated(Map.of())).build());
        inMemory = new Side(Transports.open(TransportConfig.of(registration.apiUrl())), registration.apiUrl());
        netty = NettyServer.start(PrefectServer.builder().settings(Settings.isolated(Map.of())).build());
        webSocket = new Side(Transports.open(TransportConfig.of(netty.apiUrl())), netty.apiUrl());
    }

    @TearDown(Level.Trial)
    public void stop() {
        webSocket.close();
        netty.close();
        inMemory.close();
        registration.close();
    }

    /** In process: the request, orchestration and the delivery all run on the calling thread. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public String bench_state_change_to_subscriber_inmemory() {
        return inMemory.stateChangeToEvent();
    }

    /** Over HTTP for the state change and a WebSocket for the event, to Netty on loopback. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public String bench_state_change_to_subscriber_websocket_loopback() {
        return webSocket.stateChangeToEvent();
    }

}
