package dev.jprefect.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.CloseStatus;
import dev.jprefect.transport.MessageChannel;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.StreamClosedException;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.TransportException;
import dev.jprefect.transport.TransportNotFoundException;
import dev.jprefect.transport.Transports;
import dev.jprefect.transport.spi.TransportProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every jprefect {@link Transport} must keep, as JUnit 5 tests.
 *
 * <p>Extend this class in a test, say how to make a {@link RequestHandler} reachable at an API URL
 * ({@link #host(RequestHandler)}), and the tests run against your transport. By default the
 * contract opens transports with {@link Transports#open(TransportConfig)}, so it also proves that
 * your {@link TransportProvider} is registered and chosen for the URL's scheme; override
 * {@link #open(TransportConfig)} to open it another way.
 *
 * <pre>{@code
 * class MyTransportContractTest extends TransportContract {
 *     @Override
 *     protected HostedApp host(RequestHandler handler) {
 *         MyServer server = MyServer.start(handler);
 *         return HostedApp.of(server.apiUrl(), server::stop);
 *     }
 * }
 * }</pre>
 *
 * <p>One application is hosted for all tests of the class; each test opens its own transport.
 * The stream tests (ordering, close from either side, a slow consumer, a dropped connection) are
 * skipped, each with the transport's own "no streams" message, for a transport that keeps the
 * default {@link Transport#openStream}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TransportContract {

    /** Every send of the contract is bounded, so a broken transport fails a test instead of hanging it. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    /** Short enough to keep the suite fast, long enough for any sane transport to send a request. */
    private static final Duration SHORT_REQUEST_TIMEOUT = Duration.ofMillis(300);

    /** The outer bound on waiting for a future: the request timeout plus slack. */
    private static final long WAIT_SECONDS = REQUEST_TIMEOUT.toSeconds() + 10;

    /** The concurrency test: this many threads, each sending {@link #REQUESTS_PER_THREAD}. */
    private static final int THREADS = 40;

    private static final int REQUESTS_PER_THREAD = 25;

    /** Larger than any Prefect payload we expect, below the Netty server's 10 MiB default limit. */
    private static final int LARGE_BODY_BYTES = 8 * 1024 * 1024;

    /** Messages the ordering test sends each way. */
    private static final int STREAM_MESSAGES = 200;

    /** One message in seven of the ordering test is this long: past one WebSocket frame buffer. */
    private static final int LARGE_MESSAGE_CHARS = 100_000;

    /** The slow-consumer test sends three queues' worth of these: 12 MiB, past any socket buffer. */
    private static final int SLOW_CONSUMER_MESSAGE_CHARS = 4096;

    private final ContractApp app = new ContractApp();
    private HostedApp hosted;

    /** A request handler made reachable at an API URL; closing it makes it unreachable again. */
    public interface HostedApp extends AutoCloseable {

        /** Returns the API URL under which the handler is reachable, e.g. {@code http://127.0.0.1:41234/api}. */
        URI apiUrl();

        /**
         * Stops hosting the handler: requests to {@link #apiUrl()} must then be refused. Throws no
         * checked exception (an {@code InterruptedException} from a close would be lost in a
         * try-with-resources); a failure to stop is an unchecked exception.
         */
        @Override
        void close();

        /**
         * Returns a hosted app at {@code apiUrl} that {@code stop} stops hosting; a checked exception
         * from {@code stop} becomes an {@link IllegalStateException}, an interruption is kept as the
         * thread's interrupt status.
         */
        static HostedApp of(URI apiUrl, AutoCloseable stop) {
            return new HostedApp() {
                @Override
                public URI apiUrl() {
                    return apiUrl;
                }

                @Override
                public void close() {
                    try {
                        stop.close();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while stopping " + apiUrl, e);
                    } catch (Exception e) {
                        throw new IllegalStateException("stopping " + apiUrl + " failed: " + e, e);
                    }
                }
            };
        }
    }

    /**
     * Makes {@code handler} reachable at an API URL whose path is {@code /api}: the handler must see
     * requests with the path (starting {@code /api/}) and query that a network server would see.
     */
    protected abstract HostedApp host(RequestHandler handler) throws Exception;

    /** Opens a transport for {@code config}; by default through {@link Transports#open(TransportConfig)}. */
    protected Transport open(TransportConfig config) {
        return Transports.open(config);
    }

    @BeforeAll
    void hostContractApp() throws Exception {
        hosted = host(app);
        assertThat(hosted.apiUrl().getPath()).as("path of the hosted API URL").isEqualTo("/api");
    }

    @AfterAll
    void stopContractApp() throws Exception {
        app.release();
        if (hosted != null) {
            hosted.close();
        }
    }

    // ---- methods ------------------------------------------------------------------------------

    @Test
    void getReturnsTheHandlersStatusHeadersAndBody() throws Exception {
        try (Transport transport = openDefault()) {
            ApiResponse response = call(transport, ApiRequest.get(uri("echo")));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers().first("X-Method")).hasValue("GET");
            assertThat(response.headers().first("X-Path")).hasValue("/api/tck/echo");
            assertThat(response.bodyLength()).isZero();
        }
    }

    @ParameterizedTest(name = "{0} carries its body both ways")
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
    void methodsWithABodyCarryItBothWays(String method) throws Exception {
        try (Transport transport = openDefault()) {
            String id = newId();
            ApiRequest request = ApiRequest.builder(method, uri("echo"))
                    .header(ContractApp.REQUEST_ID, id)
                    .header("Content-Type", "application/json")
                    .body("{\"name\":\"" + method.toLowerCase(Locale.ROOT) + "\"}")
                    .build();

            ApiResponse response = call(transport, request);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers().first("X-Method")).hasValue(method);
            assertThat(response.bodyAsString()).isEqualTo(request.bodyAsString());
            assertThat(response.headers().first("Content-Type")).hasValue("application/json");
            ApiRequest seen = app.received(id);
            assertThat(seen.method()).isEqualTo(method);
            assertThat(seen.bodyAsString()).isEqualTo(request.bodyAsString());
        }
    }

    @ParameterizedTest(name = "{0} without a body reaches the handler")
    @ValueSource(strings = {"GET", "DELETE", "OPTIONS"})
    void methodsWithoutABodyReachTheHandler(String method) throws Exception {
        try (Transport transport = openDefault()) {
            String id = newId();
            ApiResponse response = call(transport,
                    ApiRequest.builder(method, uri("echo")).header(ContractApp.REQUEST_ID, id).build());

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers().first("X-Method")).hasValue(method);
            assertThat(app.received(id).method()).isEqualTo(method);
            assertThat(app.received(id).bodyLength()).isZero();
        }
    }

    @Test
    void headReturnsTheHeadersButNoBody() throws Exception {
        try (Transport transport = openDefault()) {
            ApiResponse response = call(transport, ApiRequest.builder("HEAD", uri("multi")).build());

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers().all("X-Multi")).containsExactly("one", "two");
            assertThat(response.bodyLength()).as("body of a HEAD response").isZero();
        }
    }

    // ---- status codes -------------------------------------------------------------------------

    @ParameterizedTest(name = "status {0} comes back as is")
    @ValueSource(ints = {200, 201, 202, 204, 400, 401, 403, 404, 405, 409, 422, 429, 500, 502, 503})
    void statusCodesComeBackAsIs(int status) throws Exception {
        try (Transport transport = openDefault()) {
            ApiResponse response = call(transport, ApiRequest.get(uri("status/" + status)));

            assertThat(response.status()).isEqualTo(status);
            if (status == 204) {
                assertThat(response.bodyLength()).isZero();
            } else {
                assertThat(response.bodyAsString()).isEqualTo("{\"status\":" + status + "}");
            }
        }
    }

    @ParameterizedTest(name = "redirect {0} is returned, not followed")
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void redirectsAreReturnedNotFollowed(int status) throws Exception {
        try (Transport transport = openDefault()) {
            ApiResponse response = call(transport, ApiRequest.get(uri("status/" + status)));

            assertThat(response.status()).isEqualTo(status);
            assertThat(response.headers().first("Location")).hasValue("/api/tck/echo?redirected=" + status);
        }
    }

    // ---- headers ------------------------------------------------------------------------------

    @Test
    void requestHeadersArriveMultiValuedAndCaseInsensitive() throws Exception {
        try (Transport transport = openDefault()) {
            String id = newId();
            ApiRequest request = ApiRequest.builder("GET", uri("echo"))
                    .header(ContractApp.REQUEST_ID, id)
                    .header("X-Multi", "first")
                    .header("x-multi", "second")
                    .header("X-Quoted", "a=\"b, c\"; d")
                    .header("Accept", "application/json")
                    .build();

            call(transport, request);

            ApiRequest seen = app.received(id);
            assertThat(seen.headers().all("x-MULTI")).containsExactly("first", "second");
            assertThat(seen.headers().first("x-quoted")).hasValue("a=\"b, c\"; d");
            assertThat(seen.headers().first("ACCEPT")).hasValue("application/json");
        }
    }

    @Test
    void responseHeadersReturnMultiValuedAndCaseInsensitive() throws Exception {
        try (Transport transport = openDefault()) {
            ApiResponse response = call(transport, ApiRequest.get(uri("multi")));

            assertThat(response.headers().all("x-multi")).containsExactly("one", "two");
            assertThat(response.headers().first("x-mixed-case")).hasValue("kept");
            assertThat(response.bodyAsString()).isEqualTo("multi");
        }
    }

    // ---- bodies -------------------------------------------------------------------------------

    @Test
    void anEmptyBodyStaysEmptyBothWays() throws Exception {
        try (Transport transport = openDefault()) {
            String id = newId();
            ApiResponse response = call(transport, ApiRequest.builder("POST", uri("echo"))
                    .header(ContractApp.REQUEST_ID, id).body(new byte[0]).build());

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyLength()).isZero();
            assertThat(response.headers().first("X-Body-Length")).hasValue("0");
            assertThat(app.received(id).bodyLength()).isZero();
        }
    }

    @Test
    void everyByteValueSurvivesBothWays() throws Exception {
        byte[] everyByte = new byte[512];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) (255 - (i % 256));
        }
        try (Transport transport = openDefault()) {
            ApiResponse response = call(transport, ApiRequest.builder("POST", uri("echo"))
                    .header("Content-Type", "application/octet-stream").body(everyByte).build());

            assertThat(response.body()).isEqualTo(everyByte);
        }
    }

    @Test
    void anEightMebibyteBodySurvivesBothWays() throws Exception {
        byte[] large = new byte[LARGE_BODY_BYTES];
        new Random(42).nextBytes(large);
        try (Transport transport = openDefault()) {
            ApiResponse response = call(transport, ApiRequest.builder("PUT", uri("echo"))
                    .header("Content-Type", "application/octet-stream").body(large).build());

            assertThat(response.headers().first("X-Body-Length")).hasValue(Integer.toString(LARGE_BODY_BYTES));
            assertThat(Arrays.equals(response.body(), large)).as("the 8 MiB body came back unchanged").isTrue();
        }
    }

    // ---- concurrency --------------------------------------------------------------------------

    @Test
    void aThousandConcurrentRequestsEachGetTheirOwnResponse() throws Exception {
        ConcurrentLinkedQueue<String> mismatches = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try (Transport transport = openDefault()) {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                workers.add(threads.submit(() -> {
                    if (!start.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                        throw new TimeoutException("start signal never came");
                    }
                    List<ApiRequest> requests = new ArrayList<>();
                    List<CompletableFuture<ApiResponse>> responses = new ArrayList<>();
                    for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                        String id = thread + "-" + i;
                        ApiRequest request = ApiRequest.builder("POST", uri("echo?n=" + id))
                                .header(ContractApp.REQUEST_ID, id)
                                .header("Content-Type", "text/plain")
                                .body("payload of request " + id)
                                .build();
                        requests.add(request);
                        responses.add(transport.send(request));
                    }
                    for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                        ApiRequest request = requests.get(i);
                        ApiResponse response = responses.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS);
                        String id = request.headers().first(ContractApp.REQUEST_ID).orElseThrow();
                        boolean matched = response.status() == 200
                                && response.headers().first(ContractApp.REQUEST_ID).equals(Optional.of(id))
                                && response.headers().first("X-Query").equals(Optional.of("n=" + id))
                                && response.bodyAsString().equals(request.bodyAsString());
                        if (!matched) {
                            mismatches.add(id + " got " + response + " " + response.bodyAsString());
                        }
                    }
                    return REQUESTS_PER_THREAD;
                }));
            }
            start.countDown();
            int sent = 0;
            for (Future<Integer> worker : workers) {
                sent += worker.get(WAIT_SECONDS * 2, TimeUnit.SECONDS);
            }

            assertThat(sent).isEqualTo(THREADS * REQUESTS_PER_THREAD);
            assertThat(mismatches).as("responses not matching their request").isEmpty();
        } finally {
            threads.shutdownNow();
            assertThat(threads.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
    }

    // ---- failures -----------------------------------------------------------------------------

    @Test
    void aHandlerThatThrowsGivesA500JsonDetailWithoutStackTrace() throws Exception {
        try (Transport transport = openDefault()) {
            ApiResponse response = call(transport, ApiRequest.get(uri("fail")));

            assertInternalServerError(response);
        }
    }

    @Test
    void aHandlerThatThrowsAnErrorGivesA500AndTheTransportKeepsServing() throws Exception {
        try (Transport transport = openDefault()) {
            assertInternalServerError(call(transport, ApiRequest.get(uri("error"))));

            assertThat(call(transport, ApiRequest.get(uri("status/204"))).status()).isEqualTo(204);
        }
    }

    @Test
    void aHandlerThatReturnsNullGivesA500JsonDetail() throws Exception {
        try (Transport transport = openDefault()) {
            ApiResponse response = call(transport, ApiRequest.get(uri("null")));

            assertInternalServerError(response);
        }
    }

    @Test
    void aResponseLaterThanTheRequestTimeoutFailsWithReadTimeout() throws Exception {
        app.holdBlockedRequests();
        try (Transport transport = open(config().withRequestTimeout(SHORT_REQUEST_TIMEOUT))) {
            CompletableFuture<ApiResponse> response = transport.send(ApiRequest.get(uri("block")));

            TransportException failure = failureOf(response);
            assertThat(failure.kind()).isEqualTo(TransportException.Kind.READ_TIMEOUT);
            assertThat(failure.getMessage()).contains("/api/tck/block");
        } finally {
            app.release();
        }
    }

    @Test
    void aClosedTransportFailsWithClosedAndClosesTwiceQuietly() throws Exception {
        Transport transport = openDefault();
        transport.close();
        transport.close();

        TransportException failure = failureOf(transport.send(ApiRequest.get(uri("echo"))));

        assertThat(failure.kind()).isEqualTo(TransportException.Kind.CLOSED);
    }

    @Test
    void anAppNoLongerHostedRefusesTheConnection() throws Exception {
        HostedApp gone = host(request -> ApiResponse.json(200, "{}"));
        URI apiUrl = gone.apiUrl();
        gone.close();

        try (Transport transport = open(config().withApiUrl(apiUrl))) {
            URI health = URI.create(apiUrl + "/health");
            TransportException failure = failureOf(transport.send(ApiRequest.get(health)));

            assertThat(failure.kind()).isEqualTo(TransportException.Kind.CONNECT_REFUSED);
            assertThat(failure.uri()).isEqualTo(health);
        }
    }

    // ---- URLs ---------------------------------------------------------------------------------

    @Test
    void queryStringsAndPercentEncodedPathsArriveUnchanged() throws Exception {
        String path = "echo/a%20b%2Fc/%C3%A9t%C3%A9/%25";
        String query = "name=a%20b&sym=%26%3D%2B&plus=a+b&empty=&flag&utf=%E2%9C%93";
        try (Transport transport = openDefault()) {
            String id = newId();
            call(transport, ApiRequest.builder("GET", uri(path + "?" + query)).header(ContractApp.REQUEST_ID, id).build());

            ApiRequest seen = app.received(id);
            assertThat(seen.path()).isEqualTo("/api/tck/" + path);
            assertThat(seen.rawQuery()).isEqualTo(query);
            assertThat(seen.uri().getRawPath()).isEqualTo("/api/tck/" + path);
        }
    }

    @Test
    void thisTransportsProviderServesTheHostedScheme() {
        String scheme = hosted.apiUrl().getScheme().toLowerCase(Locale.ROOT);

        assertThat(Transports.providers())
                .as("providers found by ServiceLoader")
                .anySatisfy(provider -> assertThat(provider.schemes()).contains(scheme));
    }

    @Test
    void noProviderForAUrlNamesTheUrlTheProvidersFoundAndTheModuleToAdd() {
        URI unknown = URI.create("tck-no-such-scheme://nowhere/api");

        assertThatThrownBy(() -> open(TransportConfig.of(unknown)).close())
                .isInstanceOf(TransportNotFoundException.class)
                .hasMessageContaining(unknown.toString())
                .hasMessageContaining("dev.jprefect.transport.spi.TransportProvider")
                .satisfies(e -> {
                    for (TransportProvider provider : Transports.providers()) {
                        assertThat(e.getMessage()).contains(provider.name());
                    }
                });
    }

    // ---- streams ------------------------------------------------------------------------------

    @Test
    void aStreamCarriesMessagesInOrderBothWays() throws Exception {
        try (Transport transport = openDefault()) {
            MessageChannel stream = openStream(transport, "stream/echo", newId());
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < STREAM_MESSAGES; i++) {
                String message = i + " \u00e9t\u00e9 \u2713 " + "m".repeat(i % 7 == 0 ? LARGE_MESSAGE_CHARS : i);
                sent.add(message);
                stream.send(message).get(WAIT_SECONDS, TimeUnit.SECONDS);
            }

            List<String> received = new ArrayList<>();
            for (int i = 0; i < STREAM_MESSAGES; i++) {
                received.add(receive(stream));
            }

            assertThat(received).containsExactlyElementsOf(sent);
            stream.close();
        }
    }

    @Test
    void theServerGetsTheRequestHeadersAndBothEndsAgreeOnTheSubprotocol() throws Exception {
        try (Transport transport = openDefault()) {
            String id = newId();
            MessageChannel stream = openStream(transport, "stream/echo", id);

            assertThat(stream.subprotocol()).isEqualTo(ContractApp.SUBPROTOCOL);
            assertThat(app.serverEnd(id).subprotocol()).isEqualTo(ContractApp.SUBPROTOCOL);
            assertThat(app.received(id).headers().first("X-Tck-Header")).hasValue("carried");
            stream.close();
        }
    }

    @Test
    void theClientClosingEndsTheServersEndWithItsCodeAndReason() throws Exception {
        try (Transport transport = openDefault()) {
            String id = newId();
            MessageChannel stream = openStream(transport, "stream/echo", id);
            stream.send("ping").get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(receive(stream)).isEqualTo("ping");

            stream.close(4001, "client is done");

            CloseStatus seenByServer = app.serverEnd(id).closed().get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(seenByServer).isEqualTo(new CloseStatus(4001, "client is done"));
            assertThat(stream.closed().get(WAIT_SECONDS, TimeUnit.SECONDS).code()).isEqualTo(4001);
            assertThat(closedFailureOf(stream.send("too late")).status().code()).isEqualTo(4001);
        }
    }

    @Test
    void theServerClosingDeliversTheEarlierMessagesThenItsCodeAndReason() throws Exception {
        try (Transport transport = openDefault()) {
            MessageChannel stream = openStream(transport, "stream/echo", newId());
            stream.send("before the close").get(WAIT_SECONDS, TimeUnit.SECONDS);
            stream.send(ContractApp.CLOSE_COMMAND + CloseStatus.POLICY_VIOLATION + " policy says no")
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);

            CloseStatus expected = new CloseStatus(CloseStatus.POLICY_VIOLATION, "policy says no");
            assertThat(stream.closed().get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(expected);
            assertThat(receive(stream)).isEqualTo("before the close");
            assertThat(closedFailureOf(stream.receive()).status()).isEqualTo(expected);
        }
    }

    @Test
    void aSlowConsumerHoldsTheProducerBackAndLosesNothing() throws Exception {
        int count = 3 * MessageChannel.QUEUE_CAPACITY;
        try (Transport transport = openDefault()) {
            String id = newId();
            MessageChannel stream = openStream(transport,
                    "stream/produce?count=" + count + "&size=" + SLOW_CONSUMER_MESSAGE_CHARS, id);
            ContractApp.Production produced = app.produced(id);
            // The client reads nothing until the producer is a full queue ahead of it.
            assertThat(produced.firstQueue().await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

            for (int i = 0; i < count; i++) {
                String message = receive(stream);
                assertThat(message).startsWith(i + ":").hasSize(Integer.toString(i).length() + 1 + SLOW_CONSUMER_MESSAGE_CHARS);
            }

            assertThat(produced.all().await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(closedFailureOf(stream.receive()).status()).isEqualTo(new CloseStatus(CloseStatus.NORMAL, "done"));
        }
    }

    @Test
    void aCancelledReceiveLosesNoMessage() throws Exception {
        try (Transport transport = openDefault()) {
            MessageChannel stream = openStream(transport, "stream/echo", newId());
            stream.receive().cancel(false);

            stream.send("kept").get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(receive(stream)).isEqualTo("kept");
            stream.close();
        }
    }

    @Test
    void aDroppedConnectionEndsBothEndsAbnormally() throws Exception {
        String id = newId();
        Transport transport = openDefault();
        MessageChannel stream = openStream(transport, "stream/echo", id);
        stream.send("hello").get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(receive(stream)).isEqualTo("hello");

        transport.close();

        assertThat(stream.closed().get(WAIT_SECONDS, TimeUnit.SECONDS).code()).isEqualTo(CloseStatus.ABNORMAL);
        assertThat(app.serverEnd(id).closed().get(WAIT_SECONDS, TimeUnit.SECONDS).code()).isEqualTo(CloseStatus.ABNORMAL);
        assertThat(closedFailureOf(stream.receive()).status().code()).isEqualTo(CloseStatus.ABNORMAL);
    }

    @Test
    void aPathWithoutAStreamIsRefused() throws Exception {
        try (Transport transport = openDefault()) {
            assumeStreams(transport);
            CompletableFuture<MessageChannel> refused = transport.openStream(ApiRequest.get(uri("echo")));

            try {
                MessageChannel unexpected = refused.get(WAIT_SECONDS, TimeUnit.SECONDS);
                throw new AssertionError("expected the stream to be refused, got " + unexpected);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(TransportException.class);
                assertThat(((TransportException) e.getCause()).kind()).isEqualTo(TransportException.Kind.PROTOCOL_ERROR);
                assertThat(e.getCause().getMessage()).contains("/api/tck/echo").contains("404");
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private TransportConfig config() {
        return TransportConfig.of(hosted.apiUrl()).withRequestTimeout(REQUEST_TIMEOUT);
    }

    private Transport openDefault() {
        return open(config());
    }

    /** Returns the URI of the contract app's route {@code route} (which may carry a query). */
    private URI uri(String route) {
        return URI.create(hosted.apiUrl() + "/tck/" + route);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Opens a stream to the contract app's {@code route} with {@code X-Request-Id: id}, offering the
     * contract's subprotocol; skips the test, saying why, if the transport has no streams.
     */
    private MessageChannel openStream(Transport transport, String route, String id) throws Exception {
        assumeStreams(transport);
        ApiRequest request = ApiRequest.builder("GET", uri(route))
                .header(ContractApp.REQUEST_ID, id)
                .header("X-Tck-Header", "carried")
                .header("Sec-WebSocket-Protocol", ContractApp.SUBPROTOCOL)
                .build();
        try {
            return transport.openStream(request).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("opening a stream to " + request.uri() + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** Skips the calling test if {@code transport} has no streams (the default {@link Transport#openStream}). */
    private void assumeStreams(Transport transport) throws Exception {
        try {
            transport.openStream(ApiRequest.get(uri("stream/none"))).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Assumptions.assumeFalse(e.getCause() instanceof UnsupportedOperationException,
                    () -> "streams not tested: " + e.getCause().getMessage());
        }
    }

    private static String receive(MessageChannel stream) throws Exception {
        try {
            return stream.receive().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("receive failed: " + e.getCause(), e.getCause());
        }
    }

    private static StreamClosedException closedFailureOf(CompletableFuture<?> future) throws Exception {
        try {
            Object unexpected = future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("expected a StreamClosedException, got " + unexpected);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(StreamClosedException.class);
            return (StreamClosedException) e.getCause();
        }
    }

    private static ApiResponse call(Transport transport, ApiRequest request) throws Exception {
        try {
            return transport.send(request).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e.getCause(), e.getCause());
        }
    }

    private static TransportException failureOf(CompletableFuture<ApiResponse> response) throws Exception {
        try {
            ApiResponse unexpected = response.get(WAIT_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("expected a TransportException, got the response " + unexpected);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TransportException.class);
            return (TransportException) e.getCause();
        }
    }

    private static void assertInternalServerError(ApiResponse response) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.headers().first("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(body).matches("\\{\\s*\"detail\"\\s*:\\s*\"[^\"]+\"\\s*}");
        assertThat(body).doesNotContain(ContractApp.SECRET_FAILURE, "Exception", "\tat ", "dev.jprefect");
    }
}
