package dev.jprefect.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.RequestHandler;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 9112's framing rules, sent as raw bytes on loopback: what a request smuggler or a confused
 * client sends is refused with the right status, the connection is closed, the handler never sees
 * it, and the server keeps serving.
 */
class FramingTest {

    private final AtomicInteger handled = new AtomicInteger();
    private final RequestHandler app = request -> {
        handled.incrementAndGet();
        return ApiResponse.builder(200).body(request.body()).build();
    };
    private NettyServer server;

    @BeforeEach
    void startServer() {
        server = NettyServer.start(app);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void contentLengthWithTransferEncodingIs400AndClosed() throws Exception {
        assertRefused("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n0\r\n\r\n", 400, "Content-Length and Transfer-Encoding together");
    }

    @Test
    void contentLengthWithTransferEncodingIs400AlsoWhenTransferEncodingComesFirst() throws Exception {
        assertRefused("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
                + "3\r\nabc\r\n0\r\n\r\n", 400, "Content-Length and Transfer-Encoding together");
    }

    @Test
    void http11WithoutHostIs400AndClosed() throws Exception {
        assertRefused("GET /ok HTTP/1.1\r\n\r\n", 400, "an HTTP/1.1 request needs a Host header");
    }

    @Test
    void twoHostHeadersAre400AndClosed() throws Exception {
        assertRefused("GET /ok HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "more than one Host header");
    }

    @Test
    void http10WithoutHostIsServed() throws Exception {
        try (RawConnection connection = new RawConnection(server.port())) {
            assertThat(connection.send("GET /ok HTTP/1.0\r\n\r\n").read().status()).isEqualTo(200);
        }
    }

    @Test
    void anUnknownHttpVersionIs505InHttp11AndClosed() throws Exception {
        RawConnection.Response response = assertRefused("GET /ok HTTP/9.9\r\nHost: x\r\n\r\n", 505,
                "HTTP version HTTP/9.9 is not supported; use HTTP/1.1");

        assertThat(response.statusLine).startsWith("HTTP/1.1 505");
    }

    @Test
    void http2OnAnHttp1RequestLineIs505AndClosed() throws Exception {
        assertRefused("GET /ok HTTP/2.0\r\nHost: x\r\n\r\n", 505, "HTTP version HTTP/2.0 is not supported");
    }

    @Test
    void conflictingContentLengthsAre400AndClosed() throws Exception {
        assertRefused("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde",
                400, "Malformed HTTP request");
    }

    @Test
    void aTransferCodingThatIsNotChunkedIs501AndClosed() throws Exception {
        assertRefused("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
                501, "Transfer-Encoding 'gzip' is not supported");
    }

    @Test
    void transferEncodingOnHttp10Is400AndClosed() throws Exception {
        assertRefused("POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                400, "Transfer-Encoding on an HTTP/1.0 request");
    }

    @Test
    void aRefusedRequestWithExpectContinueGetsNo100Continue() throws Exception {
        RawConnection.Response response = assertRefused("POST /echo HTTP/1.1\r\nContent-Length: 3\r\n"
                + "Expect: 100-continue\r\n\r\n", 400, "needs a Host header");

        assertThat(response.statusLine).doesNotContain("100");
    }

    @Test
    void aChunkedBodyAloneIsServed() throws Exception {
        try (RawConnection connection = new RawConnection(server.port())) {
            RawConnection.Response response = connection.send("POST /echo HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n").read();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("abc");
        }
    }

    /** Sends {@code request}, asserts the refusal and the close, and that the server serves a good request after. */
    private RawConnection.Response assertRefused(String request, int status, String detailPart) throws Exception {
        RawConnection.Response response;
        try (RawConnection connection = new RawConnection(server.port())) {
            response = connection.send(request).read();

            assertThat(response.status()).isEqualTo(status);
            assertThat(response.header("Content-Type")).isEqualTo("application/json");
            assertThat(response.bodyText()).startsWith("{\"detail\":\"").contains(detailPart);
            assertThat(connection.closedByServer()).as("closed after the refusal").isTrue();
        }
        assertThat(handled).as("the handler never saw it").hasValue(0);
        try (RawConnection connection = new RawConnection(server.port())) {
            assertThat(connection.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
        }
        return response;
    }
}
