package dev.jprefect.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.RequestHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The limits on what a client can hold: the keep-alive, header and body timeouts, the connection
 * limit and the budget of request body memory, each checked with raw sockets on loopback.
 */
class ConnectionLimitsTest {

    /** Bounds every wait of these tests; none comes close to it when the server works. */
    private static final long WAIT_SECONDS = 15;

    /**
     * A short limit, so the tests that wait for one to pass are quick; used only where the client
     * sends all it will send before the limit starts (a stalled test thread cannot trip it).
     */
    private static final Duration SHORT = Duration.ofMillis(200);

    /**
     * A keep-alive timeout short enough to wait for, long enough that a test thread stalled on a
     * loaded machine between connecting and sending does not see its new connection closed.
     */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(1);

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<NettyServer> servers = new ArrayList<>();

    /** Routes: /ok, /echo, /hold (waits for {@link #release}), /busy (works for a while). */
    private final RequestHandler app = request -> {
        switch (request.path()) {
            case "/ok":
                return ApiResponse.json(200, "{\"ok\":true}");
            case "/echo":
                return ApiResponse.builder(200).body(request.body()).build();
            case "/hold":
                return hold(request.bodyLength());
            case "/busy":
                return busy();
            default:
                return ApiResponse.detail(404, "Not Found");
        }
    };

    @AfterEach
    void stopServers() {
        release.countDown();
        servers.forEach(NettyServer::close);
    }

    @Test
    void anIdleConnectionIsClosedAfterTheKeepAliveTimeout() throws Exception {
        NettyServer server = start(NettyServer.builder(app).keepAliveTimeout(KEEP_ALIVE));

        try (RawConnection used = new RawConnection(server.port());
                RawConnection neverUsed = new RawConnection(server.port())) {
            assertThat(used.send(get("/ok")).read().status()).isEqualTo(200);

            assertThat(used.closedByServer()).as("idle after a response").isTrue();
            assertThat(neverUsed.closedByServer()).as("idle from the start").isTrue();
        }
    }

    @Test
    void headersNotCompleteInTimeAreAnswered408AndTheConnectionClosed() throws Exception {
        NettyServer server = start(NettyServer.builder(app).headerTimeout(SHORT));

        try (RawConnection slow = new RawConnection(server.port())) {
            RawConnection.Response response = slow.send("GET /ok HTTP/1.1\r\nHost: x\r\n").read();

            assertThat(response.status()).isEqualTo(408);
            assertThat(response.bodyText()).isEqualTo("{\"detail\":\"Request headers were not received within 200 ms\"}");
            assertThat(slow.closedByServer()).isTrue();
        }
        assertServed(server);
    }

    @Test
    void aBodyNotCompleteInTimeIsAnswered408AndTheConnectionClosed() throws Exception {
        NettyServer server = start(NettyServer.builder(app).bodyTimeout(SHORT));

        try (RawConnection slow = new RawConnection(server.port())) {
            RawConnection.Response response = slow
                    .send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc").read();

            assertThat(response.status()).isEqualTo(408);
            assertThat(response.bodyText()).isEqualTo("{\"detail\":\"Request body was not received within 200 ms\"}");
            assertThat(slow.closedByServer()).isTrue();
        }
        assertServed(server);
    }

    @Test
    void noTimeoutRunsWhileTheHandlerWorks() throws Exception {
        NettyServer server = start(NettyServer.builder(app)
                .keepAliveTimeout(KEEP_ALIVE).headerTimeout(SHORT).bodyTimeout(SHORT));

        try (RawConnection connection = new RawConnection(server.port())) {
            RawConnection.Response response = connection.send(get("/busy")).read();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("{\"done\":true}");
        }
    }

    @Test
    void aConnectionOverTheLimitIsAnswered503WithRetryAfterAndClosed() throws Exception {
        NettyServer server = start(NettyServer.builder(app).maxConnections(2));
        RawConnection first = new RawConnection(server.port());
        try (RawConnection second = new RawConnection(server.port())) {
            assertThat(first.send(get("/ok")).read().status()).isEqualTo(200);
            assertThat(second.send(get("/ok")).read().status()).isEqualTo(200);

            try (RawConnection third = new RawConnection(server.port())) {
                RawConnection.Response refused = third.read();

                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isEqualTo("1");
                assertThat(refused.bodyText()).isEqualTo(
                        "{\"detail\":\"The server has too many open connections; try again shortly\"}");
                assertThat(third.closedByServer()).isTrue();
            }
            assertThat(second.send(get("/ok")).read().status()).as("open connections keep working").isEqualTo(200);

            first.close();
            assertEventuallyServed(server);
        } finally {
            first.close();
        }
    }

    @Test
    void aBodyOverTheMemoryBudgetIsAnswered503WithRetryAfterAfterItIsRead() throws Exception {
        NettyServer server = start(NettyServer.builder(app).bodyMemoryBudget(100_000));
        byte[] large = new byte[60_000];
        try (RawConnection holding = new RawConnection(server.port())) {
            holding.send(post("/hold", large.length)).send(large);
            assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

            try (RawConnection over = new RawConnection(server.port())) {
                RawConnection.Response refused = over.send(post("/echo", large.length)).send(large).read();

                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isEqualTo("1");
                assertThat(refused.header("Connection")).isEqualToIgnoringCase("close");
                assertThat(refused.bodyText()).isEqualTo("{\"detail\":\"The server is receiving too many request"
                        + " bodies at once; try again shortly\"}");
                assertThat(over.closedByServer()).isTrue();
            }
            try (RawConnection expecting = new RawConnection(server.port())) {
                RawConnection.Response refused = expecting.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: "
                        + large.length + "\r\nExpect: 100-continue\r\n\r\n").read();

                assertThat(refused.status()).as("answered before the body is sent").isEqualTo(503);
                assertThat(refused.header("Retry-After")).isEqualTo("1");
                assertThat(expecting.closedByServer()).isTrue();
            }
            try (RawConnection small = new RawConnection(server.port())) {
                RawConnection.Response fits = small.send(post("/echo", 1000)).send(new byte[1000]).read();

                assertThat(fits.status()).as("a body that fits beside the held one").isEqualTo(200);
                assertThat(fits.body).hasSize(1000);
            }
            release.countDown();
            assertThat(holding.read().bodyText()).isEqualTo("{\"held\":60000}");
        }
        assertThat(eventually(server, post("/echo", large.length), large).status())
                .as("the held body's memory is given back once it is answered").isEqualTo(200);
    }

    @Test
    void aChunkedBodyHoldsItsRealSizeOnceRead() throws Exception {
        NettyServer server = start(NettyServer.builder(app).maxBodyBytes(80_000).bodyMemoryBudget(100_000));
        byte[] large = new byte[60_000];
        try (RawConnection chunked = new RawConnection(server.port())) {
            chunked.send("POST /hold HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
            assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

            try (RawConnection next = new RawConnection(server.port())) {
                RawConnection.Response response = next.send(post("/echo", large.length)).send(large).read();

                assertThat(response.status()).as("the chunked body holds 3 bytes, not the 80,000 it could have had")
                        .isEqualTo(200);
            }
            release.countDown();
            assertThat(chunked.read().bodyText()).isEqualTo("{\"held\":3}");
        }
    }

    @Test
    void theLimitsAreReadFromTheSettings() throws Exception {
        Settings settings = Settings.isolated(Map.of(
                "PREFECT_SERVER_API_KEEPALIVE_TIMEOUT", "1",
                "PREFECT_SERVER_API_MAX_CONNECTIONS", "1",
                "PREFECT_SERVER_API_MAX_BODY_SIZE", "10"));
        NettyServer server = start(NettyServer.builder(app).settings(settings));

        try (RawConnection only = new RawConnection(server.port())) {
            assertThat(only.send(get("/ok")).read().status()).isEqualTo(200);
            try (RawConnection second = new RawConnection(server.port())) {
                assertThat(second.read().status()).isEqualTo(503);
            }
            assertThat(only.closedByServer()).as("closed after the keep-alive timeout of 1 s").isTrue();
        }
        assertThat(eventually(server, post("/echo", 11), new byte[11]).status()).isEqualTo(413);
    }

    @Test
    void theBuilderRejectsLimitsThatAreNotPositive() {
        assertThatThrownBy(() -> NettyServer.builder(app).keepAliveTimeout(Duration.ZERO))
                .hasMessageContaining("keepAliveTimeout");
        assertThatThrownBy(() -> NettyServer.builder(app).headerTimeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("headerTimeout");
        assertThatThrownBy(() -> NettyServer.builder(app).bodyTimeout(Duration.ZERO)).hasMessageContaining("bodyTimeout");
        assertThatThrownBy(() -> NettyServer.builder(app).maxConnections(0)).hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> NettyServer.builder(app).bodyMemoryBudget(0)).hasMessageContaining("bodyMemoryBudget");
        assertThat(NettyServer.defaultMaxConnections()).isPositive();
        assertThat(NettyServer.defaultBodyMemoryBudget()).isPositive();
    }

    private ApiResponse hold(int bodyLength) {
        entered.countDown();
        try {
            return release.await(WAIT_SECONDS, TimeUnit.SECONDS)
                    ? ApiResponse.json(200, "{\"held\":" + bodyLength + "}")
                    : ApiResponse.detail(500, "never released");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiResponse.detail(503, "interrupted");
        }
    }

    /** Works for longer than every limit of {@link #noTimeoutRunsWhileTheHandlerWorks()}: the handler's own time. */
    private static ApiResponse busy() {
        try {
            Thread.sleep(KEEP_ALIVE.toMillis() * 2);
            return ApiResponse.json(200, "{\"done\":true}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiResponse.detail(503, "interrupted");
        }
    }

    private NettyServer start(NettyServer.Builder builder) {
        NettyServer server = builder.start();
        servers.add(server);
        return server;
    }

    private static void assertServed(NettyServer server) throws IOException {
        try (RawConnection connection = new RawConnection(server.port())) {
            assertThat(connection.send(get("/ok")).read().status()).isEqualTo(200);
        }
    }

    /** Asserts that a new connection is served once the server has noticed what the test freed. */
    private static void assertEventuallyServed(NettyServer server) throws Exception {
        assertThat(eventually(server, get("/ok"), new byte[0]).status()).isEqualTo(200);
    }

    /**
     * Sends a request on new connections until it gets an answer other than 503 (the server has
     * noticed what the test freed) or the wait's bound passes; returns the last answer.
     */
    private static RawConnection.Response eventually(NettyServer server, String head, byte[] body) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        RawConnection.Response response;
        do {
            try (RawConnection connection = new RawConnection(server.port())) {
                response = connection.send(head).send(body).read();
            }
        } while (response.status() == 503 && System.nanoTime() < deadline);
        return response;
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    private static String post(String target, int length) {
        return "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n";
    }
}
