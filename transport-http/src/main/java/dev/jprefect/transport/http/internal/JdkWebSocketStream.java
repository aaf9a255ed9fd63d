package dev.jprefect.transport.http.internal;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.CloseStatus;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.TransportException;
import dev.jprefect.transport.TransportException.Kind;
import dev.jprefect.transport.spi.AbstractMessageChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A stream over a {@link WebSocket} of the JDK: the client's end of a {@link MessageChannel}.
 *
 * <p>The socket is asked for one message at a time, and for the next only while the inbox has
 * room, so a reader that does not keep up stops the reading and TCP holds the server back. Sends
 * go out one after another (the JDK allows one pending text send). A close waits at most
 * {@link #CLOSE_HANDSHAKE_TIMEOUT_SECONDS} for the server's answering close, then drops the
 * connection.
 */
final class JdkWebSocketStream extends AbstractMessageChannel implements WebSocket.Listener {

    /** How long a close waits for the server's close before the connection is dropped. */
    static final long CLOSE_HANDSHAKE_TIMEOUT_SECONDS = 10;

    /**
     * The longest message accepted from the server, in characters: 16 Mi. A longer one closes the
     * stream with 1009 rather than grow memory without bound.
     */
    static final int MAX_MESSAGE_CHARS = 16 * 1024 * 1024;

    /** The header by which a request offers subprotocols. */
    private static final String SUBPROTOCOL_HEADER = "sec-websocket-protocol";

    private final Object sendLock = new Object();
    /** The text of a message arriving in parts; touched only by the listener's calls, one at a time. */
    private final StringBuilder partial = new StringBuilder();
    private final Runnable onEnd;
    private volatile WebSocket socket;
    private CompletableFuture<Void> lastSend = CompletableFuture.completedFuture(null);

    private JdkWebSocketStream(Runnable onEnd) {
        this.onEnd = onEnd;
    }

    /**
     * Opens a WebSocket to {@code request}'s URI (its scheme {@code http} becomes {@code ws},
     * {@code https} {@code wss}) with the request's headers; {@code onEnd} runs once it has ended.
     */
    static CompletableFuture<JdkWebSocketStream> open(HttpClient client, ApiRequest request, TransportConfig config,
                                                      Runnable onEnd) {
        URI uri = request.uri();
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(config.connectTimeout());
        List<String> subprotocols = new ArrayList<>();
        request.headers().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals(SUBPROTOCOL_HEADER)) {
                for (String protocol : value.split(",")) {
                    if (!protocol.isBlank()) {
                        subprotocols.add(protocol.trim());
                    }
                }
            } else if (!lower.startsWith("sec-websocket-") && !JdkHttpTransport.SET_BY_CLIENT.contains(lower)) {
                builder.header(name, value);
            }
        });
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        JdkWebSocketStream stream = new JdkWebSocketStream(onEnd);
        return builder.buildAsync(webSocketUri(uri), stream).handle((socket, error) -> {
            if (error != null) {
                throw new CompletionException(openFailure(error, uri, config));
            }
            stream.socket = socket;
            return stream;
        });
    }

    @Override
    public String subprotocol() {
        String agreed = socket.getSubprotocol();
        return agreed == null || agreed.isEmpty() ? null : agreed;
    }

    @Override
    protected CompletableFuture<Void> transmit(String message) {
        synchronized (sendLock) {
            CompletableFuture<Void> sent = lastSend.handle((ok, error) -> null)
                    .thenCompose(ignored -> socket.sendText(message, true))
                    .thenApply(ws -> null);
            lastSend = sent;
            return sent;
        }
    }

    @Override
    protected void transmitClose(CloseStatus status) {
        WebSocket ws = socket;
        ws.sendClose(status.code(), status.reason())
                .orTimeout(CLOSE_HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        ws.abort();
                    }
                });
        CompletableFuture.delayedExecutor(CLOSE_HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS).execute(() -> {
            if (!ws.isInputClosed()) {
                ws.abort(); // the server never answered the close
            }
        });
    }

    /** Asks the socket for the next message: a receive has freed room in the full queue. */
    @Override
    protected void readMore() {
        socket.request(1);
    }

    @Override
    protected void ended(CloseStatus status) {
        onEnd.run();
    }

    /** Drops the connection at once, as when the transport closes: the stream ends with 1006. */
    void drop(String reason) {
        finish(new CloseStatus(CloseStatus.ABNORMAL, reason));
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    @Override
    public String toString() {
        return "JdkWebSocketStream" + (endStatus() == null ? "[open]" : "[" + endStatus() + "]");
    }

    // ---- WebSocket.Listener: called by the JDK one at a time ------------------------------------

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (partial.length() + data.length() > MAX_MESSAGE_CHARS) {
            partial.setLength(0);
            close(1009, "message longer than " + MAX_MESSAGE_CHARS + " characters");
            return null;
        }
        partial.append(data);
        if (!last) {
            webSocket.request(1);
            return null;
        }
        String message = partial.toString();
        partial.setLength(0);
        if (deliver(message)) {
            webSocket.request(1);
        } // else: readMore() asks for more once a receive frees room
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        close(1003, "binary messages are not accepted");
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        finish(new CloseStatus(statusCode, reason == null ? "" : reason));
        return null; // the JDK answers the server's close once this returns
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        String reason = String.valueOf(error.getMessage());
        byte[] utf8 = reason.getBytes(StandardCharsets.UTF_8);
        finish(new CloseStatus(CloseStatus.ABNORMAL, utf8.length <= CloseStatus.MAX_REASON_BYTES ? reason : "connection failed"));
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static URI webSocketUri(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("stream URI '" + uri + "' is not an absolute http(s) URL");
        }
        return URI.create((scheme.equals("https") ? "wss" : "ws") + uri.toString().substring(scheme.length()));
    }

    private static Throwable openFailure(Throwable error, URI uri, TransportConfig config) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof WebSocketHandshakeException) {
            int status = ((WebSocketHandshakeException) cause).getResponse().statusCode();
            return new TransportException(Kind.PROTOCOL_ERROR, uri, "the server refused the stream at "
                    + uri.getRawPath() + " (" + status + ")", cause);
        }
        return Failures.toTransportException(cause, uri, config);
    }
}
