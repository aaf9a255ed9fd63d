package dev.jprefect.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** What transports and apps written before streams get: clear refusals, and close statuses that check themselves. */
class StreamDefaultsTest {

    /** A third-party transport as it was written before streams: only send and close. */
    private static final class OldTransport implements Transport {
        @Override
        public CompletableFuture<ApiResponse> send(ApiRequest request) {
            return CompletableFuture.completedFuture(ApiResponse.json(200, "{}"));
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aTransportWithoutStreamsSaysSoAndNamesItself() {
        CompletableFuture<MessageChannel> stream =
                new OldTransport().openStream(ApiRequest.get(URI.create("http://h/api/events/out")));

        assertThatThrownBy(stream::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("has no streams")
                .hasMessageContaining(OldTransport.class.getName())
                .hasMessageContaining("http://h/api/events/out");
    }

    @Test
    void anAppWithoutStreamsHasNoStreamHandler() {
        RequestHandler app = request -> ApiResponse.json(200, "{}");

        assertThat(app.streamHandler(ApiRequest.get(URI.create("/api/events/out")))).isNull();
    }

    @Test
    void reservedCodesAndLongReasonsCannotBeSent() {
        assertThatThrownBy(() -> CloseStatus.toSend(CloseStatus.ABNORMAL, "")).hasMessageContaining("1006");
        assertThatThrownBy(() -> CloseStatus.toSend(CloseStatus.NO_STATUS, "")).hasMessageContaining("1005");
        assertThatThrownBy(() -> CloseStatus.toSend(999, "")).hasMessageContaining("999");
        assertThatThrownBy(() -> CloseStatus.toSend(1008, "\u00e9".repeat(62))).hasMessageContaining("123");
        assertThat(CloseStatus.toSend(1008, "\u00e9".repeat(61))).isEqualTo(new CloseStatus(1008, "\u00e9".repeat(61)));
    }

    @Test
    void aStreamHandlerThatThrowsClosesTheStreamWithAnInternalError() {
        RecordingChannel channel = new RecordingChannel();

        StreamHandler.openSafely(c -> {
            throw new IllegalStateException("secret");
        }, channel);

        assertThat(channel.closedWith).isEqualTo(new CloseStatus(CloseStatus.INTERNAL_ERROR, "Internal Server Error"));
    }

    /** Remembers how it was closed; nothing else is used by the test. */
    private static final class RecordingChannel implements MessageChannel {
        CloseStatus closedWith;

        @Override
        public String subprotocol() {
            return null;
        }

        @Override
        public CompletableFuture<Void> send(String message) {
            throw new AssertionError("not sent in this test");
        }

        @Override
        public CompletableFuture<String> receive() {
            throw new AssertionError("not received in this test");
        }

        @Override
        public void close(int code, String reason) {
            closedWith = CloseStatus.toSend(code, reason);
        }

        @Override
        public CompletableFuture<CloseStatus> closed() {
            return new CompletableFuture<>();
        }
    }
}
