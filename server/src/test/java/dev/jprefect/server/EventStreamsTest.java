package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.internal.json.Json;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.CloseStatus;
import dev.jprefect.transport.InProcessApps;
import dev.jprefect.transport.MessageChannel;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.Transports;
import dev.jprefect.transport.netty.NettyServer;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code /events/in} and {@code /events/out} with Prefect's protocol, in process and over a
 * WebSocket to the Netty server on loopback: the auth handshake and its refusals, events in,
 * backfill then live events out, bad filters, and a subscriber that does not read.
 */
class EventStreamsTest {
    /** Every wait on a stream is bounded by this, so a broken server fails the test instead of hanging it. */
    private static final long WAIT_SECONDS = 30;
    /** How long {@link #firstLiveEventName} waits for one posted event before posting another. */
    private static final long POST_RETRY_MILLIS = 500;

    enum Way { IN_PROCESS, WEBSOCKET }

    private final List<AutoCloseable> open = new ArrayList<>();
    private Transport transport;
    private URI api;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private void start(Way way, Map<String, String> settings) throws Exception {
        start(way, PrefectServer.builder().settings(Settings.isolated(settings)).build());
    }

    private void start(Way way, PrefectServer server) throws Exception {
        if (way == Way.IN_PROCESS) {
            InProcessApps.Registration app = InProcessApps.registerUnique("events", server);
            open.add(app);
            api = InProcessApps.apiUrl(app.name());
        } else {
            NettyServer netty = NettyServer.builder(server).port(0).start();
            open.add(netty);
            api = netty.apiUrl();
        }
        transport = Transports.open(TransportConfig.of(api));
        open.add(transport);
    }

    private MessageChannel open(String path, boolean prefect) throws Exception {
        ApiRequest.Builder request = ApiRequest.builder("GET", URI.create(api + path));
        if (prefect) {
            request.header("Sec-WebSocket-Protocol", "prefect");
        }
        MessageChannel channel = transport.openStream(request.build()).get(WAIT_SECONDS, TimeUnit.SECONDS);
        open.add(channel);
        return channel;
    }

    private MessageChannel authenticated(String path, String token) throws Exception {
        MessageChannel channel = open(path, true);
        channel.send(Json.write(mapOf("type", "auth", "token", token)));
        assertThat(receive(channel)).isEqualTo(Map.of("type", "auth_success"));
        return channel;
    }

    private MessageChannel subscribed(Map<String, Object> filter) throws Exception {
        MessageChannel out = authenticated("/events/out", null);
        out.send(Json.write(Map.of("type", "filter", "filter", live(filter))));
        return out;
    }

    /**
     * {@code filter} open to events that occur from now on: as Prefect's, a filter's {@code until}
     * defaults to the moment it is read, so subscribers (Prefect's own included) send one ahead.
     */
    private static Map<String, Object> live(Map<String, Object> filter) {
        Map<String, Object> out = new LinkedHashMap<>(filter);
        out.put("occurred", Map.of("since", Instant.now().minusSeconds(60).toString(),
                "until", Instant.now().plus(java.time.Duration.ofDays(365)).toString()));
        return out;
    }

    private static Object receive(MessageChannel channel) throws Exception {
        return Json.parse(channel.receive().get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    private static String receivedEventName(MessageChannel channel) throws Exception {
        Map<?, ?> message = (Map<?, ?>) receive(channel);
        assertThat(message.get("type")).isEqualTo("event");
        return (String) ((Map<?, ?>) message.get("event")).get("event");
    }

    private static CloseStatus closed(MessageChannel channel) throws Exception {
        return channel.closed().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static Map<String, Object> mapOf(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    private static Map<String, Object> event(String name) {
        return mapOf("occurred", Instant.now().toString(), "event", name,
                "resource", Map.of("prefect.resource.id", "app.thing.1"), "id", UUID.randomUUID().toString(),
                "payload", Map.of("pad", "x".repeat(64)));
    }

    private void post(List<Map<String, Object>> events) throws Exception {
        ApiResponse response = transport.send(ApiRequest.builder("POST", URI.create(api + "/events"))
                .header("Content-Type", "application/json").body(Json.write(events)).build())
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(response.status()).isEqualTo(204);
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void eventsSentInReachASubscriberAndStorage(Way way) throws Exception {
        start(way, Map.of());
        MessageChannel out = subscribed(Map.of("event", Map.of("prefix", List.of("app."))));
        assertThat(out.subprotocol()).isEqualTo("prefect");
        MessageChannel in = authenticated("/events/in", null);
        in.send(Json.write(event("other.ignored")));
        in.send(Json.write(event("app.first")));
        in.send(Json.write(event("app.second")));
        assertThat(receivedEventName(out)).isEqualTo("app.first");
        assertThat(receivedEventName(out)).isEqualTo("app.second");
        in.close();
        assertThat(closed(in).code()).isEqualTo(CloseStatus.NORMAL);
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void aLiveSubscriberIsFilteredByTextAsPrefectsRunnersAndWorkersSendIt(Way way) throws Exception {
        start(way, Map.of());
        MessageChannel searching = subscribed(mapOf("text", Map.of("query", "app. -ignored")));
        MessageChannel noText = subscribed(mapOf("text", null, "event", Map.of("prefix", List.of("app.second"))));
        post(List.of(event("app.ignored"), event("app.first"), event("app.second")));
        assertThat(receivedEventName(searching)).isEqualTo("app.first");
        assertThat(receivedEventName(searching)).isEqualTo("app.second");
        assertThat(receivedEventName(noText)).isEqualTo("app.second");
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void aSubscriberGetsTheStoredEventsFirstThenTheLiveOnesEachOnce(Way way) throws Exception {
        start(way, Map.of());
        post(List.of(event("app.stored.1"), event("app.stored.2")));
        MessageChannel out = subscribed(Map.of());
        assertThat(receivedEventName(out)).isEqualTo("app.stored.1");
        assertThat(receivedEventName(out)).isEqualTo("app.stored.2");
        post(List.of(event("app.live")));
        assertThat(receivedEventName(out)).isEqualTo("app.live");
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void withoutTheBackfillOnlyLiveEventsArrive(Way way) throws Exception {
        start(way, Map.of());
        post(List.of(event("app.stored")));
        MessageChannel out = authenticated("/events/out", null);
        out.send(Json.write(mapOf("type", "filter", "filter", live(Map.of()), "backfill", false)));
        assertThat(firstLiveEventName(out, "app.live")).isEqualTo("app.live");
    }

    /**
     * Posts an event named {@code name} until the subscriber on {@code out} receives an event, and
     * returns that event's name. Neither Prefect nor jprefect acknowledges a filter, and without a
     * backfill nothing shows when the server has read it: an event posted before then is, rightly,
     * not sent. Bounded by {@link #WAIT_SECONDS}.
     */
    private String firstLiveEventName(MessageChannel out, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            post(List.of(event(name)));
            CompletableFuture<String> next = out.receive();
            try {
                Map<?, ?> message = (Map<?, ?>) Json.parse(next.get(POST_RETRY_MILLIS, TimeUnit.MILLISECONDS));
                assertThat(message.get("type")).isEqualTo("event");
                return (String) ((Map<?, ?>) message.get("event")).get("event");
            } catch (TimeoutException notYetSubscribed) {
                next.cancel(false);
                assertThat(System.nanoTime() - deadline).as("an event within %d s", WAIT_SECONDS).isNegative();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void protocolErrorsCloseWithPrefectsCodesAndReasons(Way way) throws Exception {
        start(way, Map.of());
        MessageChannel notAuth = open("/events/out", true);
        notAuth.send("{\"type\":\"filter\"}");
        assertThat(closed(notAuth)).isEqualTo(new CloseStatus(CloseStatus.POLICY_VIOLATION, "Expected 'auth' message"));

        MessageChannel notFilter = authenticated("/events/out", null);
        notFilter.send("{\"type\":\"hello\"}");
        assertThat(closed(notFilter)).isEqualTo(new CloseStatus(CloseStatus.PROTOCOL_ERROR, "Expected 'filter' message"));

        MessageChannel badFilter = authenticated("/events/out", null);
        badFilter.send("{\"type\":\"filter\",\"filter\":{\"order\":\"SIDEWAYS\",\"event\":{\"prefix\":\"" + "p".repeat(300) + "\"}}}");
        CloseStatus status = closed(badFilter);
        assertThat(status.code()).isEqualTo(CloseStatus.PROTOCOL_ERROR);
        assertThat(status.reason()).startsWith("Invalid filter: ");

        MessageChannel badEvent = authenticated("/events/in", null);
        badEvent.send("{\"event\":\"x\"}");
        assertThat(closed(badEvent).code()).isEqualTo(CloseStatus.INTERNAL_ERROR);

        MessageChannel legacy = open("/events/out", false); // no subprotocol, no auth string: no handshake
        legacy.send(Json.write(Map.of("type", "filter", "filter", live(Map.of()))));
        post(List.of(event("app.after-errors")));
        assertThat(receivedEventName(legacy)).isEqualTo("app.after-errors"); // the server still serves
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void withAnAuthStringTheTokenMustMatch(Way way) throws Exception {
        start(way, Map.of("PREFECT_SERVER_API_AUTH_STRING", "admin:secret"));
        MessageChannel none = open("/events/in", true);
        none.send("{\"type\":\"auth\"}");
        assertThat(closed(none)).isEqualTo(new CloseStatus(CloseStatus.POLICY_VIOLATION, "Auth required but no token provided"));
        MessageChannel wrong = open("/events/in", true);
        wrong.send("{\"type\":\"auth\",\"token\":\"admin:guess\"}");
        assertThat(closed(wrong)).isEqualTo(new CloseStatus(CloseStatus.POLICY_VIOLATION, "Invalid token"));
        MessageChannel legacy = open("/events/in", false);
        assertThat(closed(legacy).code()).isEqualTo(CloseStatus.PROTOCOL_ERROR);
        MessageChannel right = authenticated("/events/in", "admin:secret");
        right.close();
        assertThat(closed(right).code()).isEqualTo(CloseStatus.NORMAL);
    }

    private Map<?, ?> created(String path, Map<String, Object> body) throws Exception {
        ApiResponse response = transport.send(ApiRequest.builder("POST", URI.create(api + path))
                .header("Content-Type", "application/json").body(Json.write(body)).build())
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(response.status()).isEqualTo(201);
        return (Map<?, ?>) Json.parse(response.bodyAsString());
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void stateChangesOfEveryPathReachALiveSubscriberTheLateRunsServiceIncluded(Way way) throws Exception {
        TestClock clock = new TestClock();
        PrefectServer server = PrefectServer.builder().settings(Settings.isolated(Map.of())).clock(clock).build();
        start(way, server);
        MessageChannel out = authenticated("/events/out", null);
        out.send(Json.write(mapOf("type", "filter", "backfill", false, "filter", mapOf(
                "occurred", Map.of("since", clock.instant().toString(), "until", clock.instant().plusSeconds(3600).toString()),
                "event", Map.of("prefix", List.of("prefect.flow-run."))))));
        Object flow = created("/flows/", Map.of("name", "etl")).get("id");
        Object deployment = created("/deployments/", Map.of("name", "d", "flow_id", flow, "enforce_parameter_schema", false))
                .get("id");
        created("/deployments/" + deployment + "/create_flow_run", Map.of());
        assertThat(receivedEventName(out)).isEqualTo("prefect.flow-run.Scheduled");
        clock.advance(java.time.Duration.ofSeconds(15)); // PREFECT_SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS past its time
        server.runServices();
        assertThat(receivedEventName(out)).isEqualTo("prefect.flow-run.Late");
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void aSubscriberThatDoesNotReadIsClosedInsteadOfGrowingTheServersMemory(Way way) throws Exception {
        start(way, Map.of("PREFECT_SERVER_EVENTS_SUBSCRIBER_BACKLOG", "4"));
        MessageChannel out = subscribed(Map.of()); // and not read while the events pile up
        String pad = "y".repeat(16 * 1024);
        for (int batch = 0; batch < 40; batch++) { // 2,000 events of 16 KiB: more than the client's queue and the sockets hold
            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Map<String, Object> e = event("app.flood");
                e.put("payload", Map.of("pad", pad));
                events.add(e);
            }
            post(events);
        }
        int read = 0;
        try {
            while (true) { // what reached the client before the server gave up on it, then the close
                out.receive().get(WAIT_SECONDS, TimeUnit.SECONDS);
                read++;
            }
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(dev.jprefect.transport.StreamClosedException.class);
        }
        assertThat(read).isLessThan(2000);
        assertThat(closed(out)).isEqualTo(new CloseStatus(CloseStatus.POLICY_VIOLATION, "subscriber too slow"));
    }
}
