package dev.jprefect.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.CloseStatus;
import dev.jprefect.transport.MessageChannel;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.StreamHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket upgrade of the Netty server, frame by frame over a raw socket: what a client that
 * no library would write sends, and what the server answers.
 */
class WebSocketTest {

    private static final long WAIT_SECONDS = 15;

    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int OPCODE_CLOSE = 0x8;
    private static final int OPCODE_PING = 0x9;
    private static final int OPCODE_PONG = 0xA;

    private final List<NettyServer> servers = new ArrayList<>();
    private final CompletableFuture<MessageChannel> serverEnd = new CompletableFuture<>();

    /** Streams at /stream (echo, subprotocol "tck"); plain requests get 200. */
    private final RequestHandler app = new RequestHandler() {
        @Override
        public ApiResponse handle(ApiRequest request) {
            return ApiResponse.json(200, "{\"ok\":true}");
        }

        @Override
        public StreamHandler streamHandler(ApiRequest request) {
            if (!request.path().equals("/stream")) {
                return null;
            }
            return new StreamHandler() {
                @Override
                public void opened(MessageChannel channel) {
                    serverEnd.complete(channel);
                    echo(channel);
                }

                @Override
                public String subprotocol() {
                    return "tck";
                }
            };
        }
    };

    @AfterEach
    void stopServers() {
        servers.forEach(NettyServer::close);
    }

    @Test
    void theUpgradeAgreesOnTheOfferedSubprotocolAndEchoesText() throws Exception {
        NettyServer server = start(NettyServer.builder(app));
        try (RawConnection connection = upgrade(server, "/stream")) {
            connection.send(frame(OPCODE_TEXT, "hello".getBytes(StandardCharsets.UTF_8), true));

            Frame echoed = readFrame(connection);
            assertThat(echoed.opcode).isEqualTo(OPCODE_TEXT);
            assertThat(echoed.text()).isEqualTo("hello");
        }
    }

    @Test
    void aPingIsAnsweredWithAPongCarryingItsData() throws Exception {
        NettyServer server = start(NettyServer.builder(app));
        try (RawConnection connection = upgrade(server, "/stream")) {
            connection.send(frame(OPCODE_PING, "are you there".getBytes(StandardCharsets.UTF_8), true));

            Frame pong = readFrame(connection);
            assertThat(pong.opcode).isEqualTo(OPCODE_PONG);
            assertThat(pong.text()).isEqualTo("are you there");
        }
    }

    @Test
    void aMessageOverTheBodyLimitClosesTheStreamWith1009AndTheServerKeepsServing() throws Exception {
        NettyServer server = start(NettyServer.builder(app).maxBodyBytes(1024));
        try (RawConnection connection = upgrade(server, "/stream")) {
            connection.send(frame(OPCODE_TEXT, new byte[2048], true));

            Frame close = readFrame(connection);
            assertThat(close.opcode).isEqualTo(OPCODE_CLOSE);
            assertThat(close.closeCode()).isEqualTo(1009);
        }
        assertServes(server);
    }

    @Test
    void anUnmaskedClientFrameClosesTheStreamWithAProtocolError() throws Exception {
        NettyServer server = start(NettyServer.builder(app));
        try (RawConnection connection = upgrade(server, "/stream")) {
            connection.send(frame(OPCODE_TEXT, "no mask".getBytes(StandardCharsets.UTF_8), false));

            Frame close = readFrame(connection);
            assertThat(close.opcode).isEqualTo(OPCODE_CLOSE);
            assertThat(close.closeCode()).isEqualTo(CloseStatus.PROTOCOL_ERROR);
            assertThat(serverEnd.get(WAIT_SECONDS, TimeUnit.SECONDS).closed().get(WAIT_SECONDS, TimeUnit.SECONDS).code())
                    .isEqualTo(CloseStatus.PROTOCOL_ERROR);
        }
        assertServes(server);
    }

    @Test
    void aBinaryMessageClosesTheStreamWith1003() throws Exception {
        NettyServer server = start(NettyServer.builder(app));
        try (RawConnection connection = upgrade(server, "/stream")) {
            connection.send(frame(OPCODE_BINARY, new byte[] {1, 2, 3}, true));

            Frame close = readFrame(connection);
            assertThat(close.opcode).isEqualTo(OPCODE_CLOSE);
            assertThat(close.closeCode()).isEqualTo(1003);
        }
    }

    @Test
    void anUpgradeToAPathWithoutStreamsGets404() throws Exception {
        NettyServer server = start(NettyServer.builder(app));
        try (RawConnection connection = new RawConnection(server.port())) {
            connection.send(upgradeRequest("/not-a-stream"));

            assertThat(connection.read().status()).isEqualTo(404);
        }
        assertServes(server);
    }

    @Test
    void stoppingTheServerClosesItsStreamsWith1001() throws Exception {
        NettyServer server = start(NettyServer.builder(app));
        try (RawConnection connection = upgrade(server, "/stream")) {
            serverEnd.get(WAIT_SECONDS, TimeUnit.SECONDS);
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);

            Frame close = readFrame(connection);
            assertThat(close.opcode).isEqualTo(OPCODE_CLOSE);
            assertThat(close.closeCode()).isEqualTo(CloseStatus.GOING_AWAY);
            connection.send(frame(OPCODE_CLOSE, new byte[] {0x03, (byte) 0xE9}, true));
            stopping.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSilentClientIsPingedThenClosedWith1001ButOneThatAnswersStays() throws Exception {
        NettyServer server = start(NettyServer.builder(app).webSocketIdleTimeout(java.time.Duration.ofMillis(400)));
        try (RawConnection connection = upgrade(server, "/stream")) {
            Frame ping = readFrame(connection);
            assertThat(ping.opcode).isEqualTo(OPCODE_PING);
            connection.send(frame(OPCODE_PONG, ping.payload, true));
            assertThat(readFrame(connection).opcode).as("pinged again, not closed").isEqualTo(OPCODE_PING);

            Frame close = readFrame(connection); // no answer this time
            assertThat(close.opcode).isEqualTo(OPCODE_CLOSE);
            assertThat(close.closeCode()).isEqualTo(CloseStatus.GOING_AWAY);
            assertThat(serverEnd.get(WAIT_SECONDS, TimeUnit.SECONDS).closed().get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .isEqualTo(new CloseStatus(CloseStatus.GOING_AWAY, "idle timeout"));
        }
        assertServes(server);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private NettyServer start(NettyServer.Builder builder) {
        NettyServer server = builder.start();
        servers.add(server);
        return server;
    }

    private static void echo(MessageChannel channel) {
        channel.receive().thenCompose(channel::send).whenComplete((ok, error) -> {
            if (error == null) {
                echo(channel);
            }
        });
    }

    private static void assertServes(NettyServer server) throws IOException {
        try (RawConnection connection = new RawConnection(server.port())) {
            connection.send("GET /ok HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(connection.read().status()).isEqualTo(200);
        }
    }

    private static String upgradeRequest(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: tck\r\n\r\n";
    }

    /** Opens a connection and upgrades it at {@code path}, checking the 101 and the agreed subprotocol. */
    private static RawConnection upgrade(NettyServer server, String path) throws IOException {
        RawConnection connection = new RawConnection(server.port());
        connection.send(upgradeRequest(path));
        RawConnection.Response response = connection.read(true);
        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assertThat(response.header("Sec-WebSocket-Protocol")).isEqualTo("tck");
        return connection;
    }

    /** Returns one final frame; client frames are masked (with a fixed key) unless {@code masked} is false. */
    private static byte[] frame(int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80 | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            out.write(maskBit | payload.length);
        } else {
            out.write(maskBit | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xFF);
        }
        byte[] key = {0x12, 0x34, 0x56, 0x78};
        if (masked) {
            out.writeBytes(key);
        }
        for (int i = 0; i < payload.length; i++) {
            out.write(masked ? payload[i] ^ key[i % 4] : payload[i]);
        }
        return out.toByteArray();
    }

    private static Frame readFrame(RawConnection connection) throws IOException {
        byte[] head = connection.readBytes(2);
        int opcode = head[0] & 0x0F;
        int length = head[1] & 0x7F;
        if (length == 126) {
            byte[] extended = connection.readBytes(2);
            length = ((extended[0] & 0xFF) << 8) | (extended[1] & 0xFF);
        } else if (length == 127) {
            length = (int) ByteBuffer.wrap(connection.readBytes(8)).getLong();
        }
        return new Frame(opcode, connection.readBytes(length));
    }

    /** A frame from the server (unmasked, as servers send). */
    private static final class Frame {
        final int opcode;
        final byte[] payload;

        Frame(int opcode, byte[] payload) {
            this.opcode = opcode;
            this.payload = payload;
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }
}
