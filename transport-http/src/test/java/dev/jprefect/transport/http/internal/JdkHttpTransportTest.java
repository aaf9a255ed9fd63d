package dev.jprefect.transport.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.TransportException;
import dev.jprefect.transport.TransportException.Kind;
import dev.jprefect.transport.Transports;
import dev.jprefect.transport.netty.NettyServer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** What the JDK HttpClient transport promises beyond the contract: headers, failure kinds, closing. */
class JdkHttpTransportTest {

    private static final long WAIT_SECONDS = 15;

    @Test
    void headersTheJdkRefusesAreLeftToTheClientWithoutFailingTheRequest() throws Exception {
        AtomicReference<ApiRequest> seen = new AtomicReference<>();
        try (NettyServer server = NettyServer.start(request -> {
            seen.set(request);
            return ApiResponse.builder(200).body(request.body()).build();
        }); Transport transport = Transports.open(TransportConfig.of(server.apiUrl()))) {
            ApiRequest request = ApiRequest.builder("POST", URI.create(server.apiUrl() + "/echo"))
                    .header("Connection", "keep-alive")
                    .header("Content-Length", "999")
                    .header("Host", "elsewhere.example")
                    .header("Upgrade", "websocket")
                    .header("Expect", "100-continue")
                    .header("X-Kept", "yes")
                    .body("twelve bytes")
                    .build();

            ApiResponse response = transport.send(request).get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(response.bodyAsString()).isEqualTo("twelve bytes");
            assertThat(seen.get().headers().first("Content-Length")).hasValue("12");
            assertThat(seen.get().headers().first("Host")).hasValue("127.0.0.1:" + server.port());
            assertThat(seen.get().headers().first("Upgrade")).isEmpty();
            assertThat(seen.get().headers().first("X-Kept")).hasValue("yes");
        }
    }

    @Test
    void http2CanBeOfferedToAnHttp11Server() throws Exception {
        try (NettyServer server = NettyServer.start(request -> ApiResponse.json(200, "{\"ok\":true}"));
                Transport transport = Transports.open(TransportConfig.of(server.apiUrl()).withHttp2(true))) {

            ApiResponse response = transport.send(ApiRequest.get(URI.create(server.apiUrl() + "/health")))
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(response.bodyAsString()).isEqualTo("{\"ok\":true}");
        }
    }

    @Test
    void aServerThatClosesWithoutAnsweringIsAConnectionReset() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.answering(null);
                Transport transport = Transports.open(TransportConfig.of(server.apiUrl()))) {

            TransportException failure = failureOf(transport.send(ApiRequest.get(server.uri("/health"))));

            assertThat(failure.kind()).isEqualTo(Kind.CONNECTION_RESET);
            assertThat(failure.uri()).isEqualTo(server.uri("/health"));
        }
    }

    @Test
    void aServerThatAnswersGarbageIsAProtocolError() throws Exception {
        try (MisbehavingServer server = MisbehavingServer.answering("SPDY/9 banana\r\n\r\n");
                Transport transport = Transports.open(TransportConfig.of(server.apiUrl()))) {

            TransportException failure = failureOf(transport.send(ApiRequest.get(server.uri("/health"))));

            assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL_ERROR);
        }
    }

    @Test
    void aConnectionNotAcceptedInTimeIsAConnectTimeout() throws Exception {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = new ArrayList<>();
            try {
                assumeTrue(fillAcceptQueue(full, queued), "this OS does not drop connections beyond the backlog");
                URI apiUrl = URI.create("http://127.0.0.1:" + full.getLocalPort() + "/api");
                try (Transport transport = Transports.open(
                        TransportConfig.of(apiUrl).withConnectTimeout(Duration.ofMillis(300)))) {

                    TransportException failure = failureOf(transport.send(ApiRequest.get(URI.create(apiUrl + "/health"))));

                    assertThat(failure.kind()).isEqualTo(Kind.CONNECT_TIMEOUT);
                    assertThat(failure).hasMessageContaining("connect timeout of PT0.3S");
                }
            } finally {
                for (Socket socket : queued) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void closingFailsTheRequestsInFlightWithClosed() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (NettyServer server = NettyServer.start(request -> {
            entered.countDown();
            try {
                release.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ApiResponse.json(200, "{}");
        })) {
            Transport transport = Transports.open(TransportConfig.of(server.apiUrl()));
            CompletableFuture<ApiResponse> inFlight = transport.send(ApiRequest.get(URI.create(server.apiUrl() + "/slow")));
            assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

            transport.close();

            assertThat(failureOf(inFlight).kind()).isEqualTo(Kind.CLOSED);
            release.countDown();
        } finally {
            release.countDown();
        }
    }

    @Test
    void aUriThatIsNotHttpFailsNamingIt() {
        try (Transport transport = Transports.open(TransportConfig.of(URI.create("http://127.0.0.1:9/api")))) {
            CompletableFuture<ApiResponse> response = transport.send(ApiRequest.get(URI.create("/api/relative")));

            assertThatThrownBy(response::join)
                    .hasCauseInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'/api/relative'");
        }
    }

    @Test
    void jdkFailuresMapToTransportKinds() {
        assertThat(Failures.kindOf(new HttpConnectTimeoutException("connect timed out"))).isEqualTo(Kind.CONNECT_TIMEOUT);
        assertThat(Failures.kindOf(new HttpTimeoutException("request timed out"))).isEqualTo(Kind.READ_TIMEOUT);
        assertThat(Failures.kindOf(new ConnectException("Connection refused"))).isEqualTo(Kind.CONNECT_REFUSED);
        assertThat(Failures.kindOf(new IOException("wrapped", new ConnectException("refused"))))
                .isEqualTo(Kind.CONNECT_REFUSED);
        assertThat(Failures.kindOf(new SSLHandshakeException("PKIX path building failed"))).isEqualTo(Kind.PROTOCOL_ERROR);
        assertThat(Failures.kindOf(new ProtocolException("Invalid status line"))).isEqualTo(Kind.PROTOCOL_ERROR);
        assertThat(Failures.kindOf(new IOException("Connection reset"))).isEqualTo(Kind.CONNECTION_RESET);
        assertThat(Failures.kindOf(new EOFException("EOF reached while reading"))).isEqualTo(Kind.CONNECTION_RESET);
        assertThat(Failures.kindOf(new IOException("HTTP/1.1 header parser received no bytes")))
                .isEqualTo(Kind.CONNECTION_RESET);
        assertThat(Failures.kindOf(new IllegalStateException("a bug, not I/O"))).isNull();

        URI uri = URI.create("http://127.0.0.1:1/api/x");
        Throwable mapped = Failures.toTransportException(new CompletionException(new ConnectException("refused")),
                uri, TransportConfig.of(URI.create("http://127.0.0.1:1/api")));
        assertThat(mapped).isInstanceOf(TransportException.class);
        assertThat(((TransportException) mapped).uri()).isEqualTo(uri);
        assertThat(mapped).hasMessageContaining("http://127.0.0.1:1/api");
    }

    private static TransportException failureOf(CompletableFuture<ApiResponse> response) throws Exception {
        try {
            ApiResponse unexpected = response.get(WAIT_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("expected a TransportException, got " + unexpected);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TransportException.class);
            return (TransportException) e.getCause();
        }
    }

    /** Connects until the server's accept queue is full; returns false if connecting never stalls. */
    private static boolean fillAcceptQueue(ServerSocket server, List<Socket> queued) throws IOException {
        for (int i = 0; i < 16; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 200);
                queued.add(socket);
            } catch (SocketTimeoutException stalled) {
                socket.close();
                return true;
            }
        }
        return false;
    }

    /** A loopback server that reads one request head and answers {@code reply} (or nothing) and closes. */
    private static final class MisbehavingServer implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;

        private MisbehavingServer(String reply) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> serve(reply), "misbehaving-server");
            thread.setDaemon(true);
            thread.start();
        }

        static MisbehavingServer answering(String reply) throws IOException {
            return new MisbehavingServer(reply);
        }

        URI apiUrl() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/api");
        }

        URI uri(String path) {
            return URI.create(apiUrl() + path);
        }

        private void serve(String reply) {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    connection.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
                    InputStream in = connection.getInputStream();
                    int matched = 0;
                    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
                    while (matched < end.length) { // read up to the blank line that ends the head
                        int b = in.read();
                        if (b == -1) {
                            break;
                        }
                        matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
                    }
                    if (reply != null) {
                        OutputStream out = connection.getOutputStream();
                        out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                } catch (IOException e) {
                    // closed by the test, or the client went away: serve the next one or stop
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
