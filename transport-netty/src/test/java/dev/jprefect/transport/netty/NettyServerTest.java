package dev.jprefect.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.RequestHandler;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the Netty server promises beyond the transport contract, checked with raw sockets. */
class NettyServerTest {

    /** Bounds every wait of these tests; none comes close to it when the server works. */
    private static final long WAIT_SECONDS = 15;

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private final List<NettyServer> servers = new ArrayList<>();

    /** Routes: /ok, /fail, /echo, /slow (waits for {@link #release}). */
    private final RequestHandler app = request -> {
        switch (request.path()) {
            case "/ok":
                return ApiResponse.json(200, "{\"ok\":true}");
            case "/fail":
                throw new IllegalStateException("secret handler failure");
            case "/echo":
                return ApiResponse.builder(200).body(request.body()).build();
            case "/empty":
                return ApiResponse.builder(204).build();
            case "/slow":
                return slow();
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
    void portZeroPicksAFreePortAndReportsIt() throws Exception {
        NettyServer server = start(NettyServer.builder(app));

        assertThat(server.port()).isPositive();
        assertThat(server.uri()).hasToString("http://127.0.0.1:" + server.port());
        assertThat(server.apiUrl()).hasToString("http://127.0.0.1:" + server.port() + "/api");
        try (RawConnection connection = new RawConnection(server.port())) {
            assertThat(connection.send(get("/ok")).read().status()).isEqualTo(200);
        }
    }

    @Test
    void aTakenPortFailsNamingTheAddress() {
        NettyServer first = start(NettyServer.builder(app));

        assertThatThrownBy(() -> start(NettyServer.builder(app).port(first.port())))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("127.0.0.1:" + first.port());
    }

    @Test
    void aBodyOverTheLimitGets413JsonDetailAndTheServerKeepsServing() throws Exception {
        NettyServer server = start(NettyServer.builder(app).maxBodyBytes(1024));

        try (RawConnection connection = new RawConnection(server.port())) {
            RawConnection.Response response = connection
                    .send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1025\r\n\r\n").read();

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.header("Content-Type")).isEqualTo("application/json");
            assertThat(response.bodyText()).isEqualTo(
                    "{\"detail\":\"Request body is larger than the server's limit of 1024 bytes\"}");
            assertThat(connection.closedByServer()).isTrue();
        }
        try (RawConnection connection = new RawConnection(server.port())) {
            byte[] limit = new byte[1024];
            RawConnection.Response response = connection
                    .send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1024\r\n\r\n").send(limit).read();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body).hasSize(1024);
        }
    }

    @Test
    void aBodyAnnouncedTooLargeWithExpectContinueGets413BeforeItIsSentAndTheServerKeepsServing() throws Exception {
        NettyServer server = start(NettyServer.builder(app).maxBodyBytes(1024));

        try (RawConnection connection = new RawConnection(server.port())) {
            RawConnection.Response response = connection.send("POST /echo HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 5000\r\nExpect: 100-continue\r\n\r\n").read();

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.bodyText()).contains("limit of 1024 bytes");
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(connection.closedByServer()).isTrue();
        }
        try (RawConnection connection = new RawConnection(server.port())) {
            assertThat(connection.send(get("/ok")).read().status()).isEqualTo(200);
        }
    }

    @Test
    void malformedHttpGets400AndTheServerKeepsServing() throws Exception {
        NettyServer server = start(NettyServer.builder(app));

        try (RawConnection connection = new RawConnection(server.port())) {
            RawConnection.Response response = connection.send("THIS IS NOT HTTP\r\n\r\n").read();

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.bodyText()).startsWith("{\"detail\":\"Malformed HTTP request");
            assertThat(connection.closedByServer()).isTrue();
        }
        try (RawConnection connection = new RawConnection(server.port())) {
            assertThat(connection.send(get("/ok")).read().status()).isEqualTo(200);
        }
    }

    @Test
    void aRequestTargetThatIsNoUriGets400() throws Exception {
        NettyServer server = start(NettyServer.builder(app));

        try (RawConnection connection = new RawConnection(server.port())) {
            RawConnection.Response response = connection.send(get("/a|b^c")).read();

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.bodyText()).contains("/a|b^c");
        }
    }

    @Test
    void aHandlerFailureGets500OnAConnectionThatStaysUsable() throws Exception {
        NettyServer server = start(NettyServer.builder(app));

        try (RawConnection connection = new RawConnection(server.port())) {
            RawConnection.Response failure = connection.send(get("/fail")).read();
            RawConnection.Response next = connection.send(get("/ok")).read();

            assertThat(failure.status()).isEqualTo(500);
            assertThat(failure.bodyText()).isEqualTo("{\"detail\":\"Internal Server Error\"}");
            assertThat(next.status()).isEqualTo(200);
        }
    }

    @Test
    void keepAliveIsDecidedPerRequest() throws Exception {
        NettyServer server = start(NettyServer.builder(app));

        try (RawConnection connection = new RawConnection(server.port())) {
            assertThat(connection.send(get("/ok")).read().header("Connection")).isNull();
            assertThat(connection.send(get("/ok")).read().status()).isEqualTo(200);
            RawConnection.Response last = connection
                    .send("GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();

            assertThat(last.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(connection.closedByServer()).isTrue();
        }
        try (RawConnection http10 = new RawConnection(server.port())) {
            http10.send("GET /ok HTTP/1.0\r\n\r\n").read();
            assertThat(http10.closedByServer()).as("HTTP/1.0 without keep-alive").isTrue();
        }
        try (RawConnection http10 = new RawConnection(server.port())) {
            RawConnection.Response response = http10.send("GET /ok HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();

            assertThat(response.header("Connection")).isEqualToIgnoringCase("keep-alive");
            assertThat(http10.send("GET /ok HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().status()).isEqualTo(200);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        NettyServer server = start(NettyServer.builder(app));

        try (RawConnection connection = new RawConnection(server.port())) {
            StringBuilder three = new StringBuilder();
            for (String body : new String[] {"first", "second", "third"}) {
                three.append("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: ").append(body.length())
                        .append("\r\n\r\n").append(body);
            }
            connection.send(three.toString());

            assertThat(connection.read().bodyText()).isEqualTo("first");
            assertThat(connection.read().bodyText()).isEqualTo("second");
            assertThat(connection.read().bodyText()).isEqualTo("third");
        }
    }

    @Test
    void headGetsTheContentLengthButNoBody() throws Exception {
        NettyServer server = start(NettyServer.builder(app));

        try (RawConnection connection = new RawConnection(server.port())) {
            RawConnection.Response head = connection.send("HEAD /ok HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
            RawConnection.Response next = connection.send(get("/ok")).read();

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo("11");
            assertThat(next.bodyText()).as("the next response, right after the HEAD's headers").isEqualTo("{\"ok\":true}");
        }
    }

    @Test
    void a204HasNeitherBodyNorContentLength() throws Exception {
        NettyServer server = start(NettyServer.builder(app));

        try (RawConnection connection = new RawConnection(server.port())) {
            RawConnection.Response response = connection.send(get("/empty")).read();

            assertThat(response.status()).isEqualTo(204);
            assertThat(response.header("Content-Length")).isNull();
            assertThat(connection.send(get("/ok")).read().status()).isEqualTo(200);
        }
    }

    @Test
    void gracefulStopLetsTheRequestInFlightFinishAndClosesIdleConnections() throws Exception {
        NettyServer server = start(NettyServer.builder(app).gracefulStopTimeout(Duration.ofSeconds(WAIT_SECONDS)));
        try (RawConnection idle = new RawConnection(server.port());
                RawConnection busy = new RawConnection(server.port())) {
            assertThat(idle.send(get("/ok")).read().status()).isEqualTo(200); // registered, now idle
            busy.send(get("/slow"));
            assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::close);

            assertThat(idle.closedByServer()).as("idle connection closed by the stop").isTrue();
            assertNotServed(server.port());
            assertThat(stopped).isNotDone();
            release.countDown();
            RawConnection.Response finished = busy.read();
            assertThat(finished.status()).isEqualTo(200);
            assertThat(finished.bodyText()).isEqualTo("finished");
            assertThat(finished.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(busy.closedByServer()).isTrue();
            stopped.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStopThatTimesOutInterruptsTheHandlersStillRunning() throws Exception {
        NettyServer server = start(NettyServer.builder(app).gracefulStopTimeout(Duration.ofMillis(100)));
        try (RawConnection busy = new RawConnection(server.port())) {
            busy.send(get("/slow"));
            assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

            server.close();

            assertThat(interrupted.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the handler was interrupted").isTrue();
            assertThat(busy.drainedUntilClosed()).as("the connection ends").isTrue();
        }
    }

    @Test
    void closeStopsEveryThreadTheServerStartedAndIsIdempotent() throws Exception {
        NettyServer server = start(NettyServer.builder(app).workerThreads(3));
        for (int i = 0; i < 5; i++) {
            try (RawConnection connection = new RawConnection(server.port())) {
                connection.send(get("/ok")).read();
            }
        }

        server.close();
        server.close();

        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("jprefect-netty-")) {
                thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
                assertThat(thread.isAlive()).as("thread %s after close", thread.getName()).isFalse();
            }
        }
    }

    @Test
    void theBuilderRejectsNonsenseNamingTheSetting() {
        assertThatThrownBy(() -> NettyServer.builder(app).port(70_000)).hasMessageContaining("port");
        assertThatThrownBy(() -> NettyServer.builder(app).maxBodyBytes(0)).hasMessageContaining("maxBodyBytes");
        assertThatThrownBy(() -> NettyServer.builder(app).workerThreads(-1)).hasMessageContaining("workerThreads");
        assertThatThrownBy(() -> NettyServer.builder(app).gracefulStopTimeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("gracefulStopTimeout");
    }

    private NettyServer start(NettyServer.Builder builder) {
        NettyServer server = builder.start();
        servers.add(server);
        return server;
    }

    private ApiResponse slow() {
        entered.countDown();
        try {
            if (release.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                return ApiResponse.builder(200).body("finished").build();
            }
            return ApiResponse.detail(500, "never released");
        } catch (InterruptedException e) {
            interrupted.countDown();
            Thread.currentThread().interrupt();
            return ApiResponse.detail(503, "interrupted");
        }
    }

    /**
     * Asserts that a new connection gets no service: refused, or (if it slipped into the listening
     * socket's backlog while the socket was closing) closed without an answer.
     */
    private static void assertNotServed(int port) throws Exception {
        try (RawConnection late = new RawConnection(port)) {
            late.send(get("/ok"));
            assertThat(late.closedByServer()).as("a connection made while stopping is closed unanswered").isTrue();
        } catch (ConnectException refused) {
            // the usual case: nothing listens any more
        } catch (SocketException reset) {
            // the backlog was dropped while we wrote: not served either
        }
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }
}
