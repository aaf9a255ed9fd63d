package dev.jprefect.transport.tck;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.CloseStatus;
import dev.jprefect.transport.MessageChannel;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.StreamHandler;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The application the contract hosts: a handful of routes under {@code /api/tck/}, each exercising
 * one part of the contract, and a record of every request that carried an {@code X-Request-Id}.
 */
final class ContractApp implements RequestHandler {

    /** The header by which the contract finds what the handler received for one request. */
    static final String REQUEST_ID = "X-Request-Id";

    /** The message a failing route throws; it must never reach the client. */
    static final String SECRET_FAILURE = "tck-secret-failure-detail-1f3c";

    /** How long the blocking route waits at most, so that a broken test never leaves it hanging. */
    private static final long BLOCK_LIMIT_SECONDS = 30;

    /** The subprotocol the contract's stream endpoints speak. */
    static final String SUBPROTOCOL = "tck";

    /** A message to the echo stream that makes the server close it: {@code close CODE REASON}. */
    static final String CLOSE_COMMAND = "close ";

    private final Map<String, ApiRequest> received = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<MessageChannel>> serverEnds = new ConcurrentHashMap<>();
    private final Map<String, Production> produced = new ConcurrentHashMap<>();

    /** Counts the completed sends of one produce stream: all of them, and the first queue's worth. */
    record Production(CountDownLatch all, CountDownLatch firstQueue) {
        void sent() {
            all.countDown();
            firstQueue.countDown();
        }
    }
    private volatile CountDownLatch block = new CountDownLatch(0);

    @Override
    public ApiResponse handle(ApiRequest request) {
        request.headers().first(REQUEST_ID).ifPresent(id -> received.put(id, request));
        String path = request.path();
        String route = path.startsWith("/api/tck/") ? path.substring("/api/tck/".length()) : "";
        int slash = route.indexOf('/');
        String head = slash < 0 ? route : route.substring(0, slash);
        String tail = slash < 0 ? "" : route.substring(slash + 1);
        switch (head) {
            case "echo":
                return echo(request);
            case "status":
                return status(Integer.parseInt(tail));
            case "multi":
                return ApiResponse.builder(200)
                        .header("X-Multi", "one")
                        .header("x-multi", "two")
                        .header("X-MiXeD-CaSe", "kept")
                        .body("multi")
                        .build();
            case "fail":
                throw new IllegalStateException(SECRET_FAILURE);
            case "error":
                throw new NoClassDefFoundError(SECRET_FAILURE); // an Error, as a broken class path throws
            case "null":
                return null;
            case "block":
                return block();
            default:
                return ApiResponse.detail(404, "Not Found");
        }
    }

    /**
     * Serves two stream endpoints: {@code stream/echo}, which sends every message back (and closes
     * on {@link #CLOSE_COMMAND}), and {@code stream/produce?count=N&size=S}, which sends N messages
     * of S characters as fast as the client takes them, then closes normally with the reason
     * {@code "done"}. The server's end is recorded under the request's {@code X-Request-Id}.
     */
    @Override
    public StreamHandler streamHandler(ApiRequest request) {
        String id = request.headers().first(REQUEST_ID).orElse("");
        request.headers().first(REQUEST_ID).ifPresent(rid -> received.put(rid, request));
        CompletableFuture<MessageChannel> serverEnd = serverEnds.computeIfAbsent(id, key -> new CompletableFuture<>());
        switch (request.path()) {
            case "/api/tck/stream/echo":
                return handler(channel -> {
                    serverEnd.complete(channel);
                    echo(channel);
                });
            case "/api/tck/stream/produce":
                Map<String, String> query = query(request.rawQuery());
                int count = Integer.parseInt(query.get("count"));
                String padding = "x".repeat(Integer.parseInt(query.get("size")));
                Production latch = new Production(new CountDownLatch(count),
                        new CountDownLatch(Math.min(count, MessageChannel.QUEUE_CAPACITY)));
                produced.put(id, latch);
                return handler(channel -> {
                    serverEnd.complete(channel);
                    produce(channel, 0, count, padding, latch);
                });
            default:
                return null;
        }
    }

    /**
     * Returns the server's end of the stream opened with {@code X-Request-Id: id}, waiting (boundedly)
     * for the transport to hand it to the handler: over a network, that may come after the client's.
     */
    MessageChannel serverEnd(String id) throws Exception {
        return serverEnds.get(id).get(BLOCK_LIMIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Returns the count of completed sends of the produce stream opened with {@code id}. */
    Production produced(String id) {
        return produced.get(id);
    }

    private static StreamHandler handler(java.util.function.Consumer<MessageChannel> opened) {
        return new StreamHandler() {
            @Override
            public void opened(MessageChannel channel) {
                opened.accept(channel);
            }

            @Override
            public String subprotocol() {
                return SUBPROTOCOL;
            }
        };
    }

    /**
     * Sends each message back once the previous one has left, until the stream ends. Loops while the
     * futures are already complete (as in process), so a long stream does not deepen the stack.
     */
    private static void echo(MessageChannel channel) {
        while (true) {
            CompletableFuture<Void> step = channel.receive().thenCompose(message -> {
                if (message.startsWith(CLOSE_COMMAND)) {
                    String[] parts = message.split(" ", 3);
                    channel.close(Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "");
                    return CompletableFuture.completedFuture(null);
                }
                return channel.send(message);
            });
            if (!step.isDone()) {
                step.whenComplete((ok, error) -> {
                    if (error == null) {
                        echo(channel);
                    }
                });
                return;
            }
            if (step.isCompletedExceptionally()) {
                return;
            }
        }
    }

    /** Sends messages {@code from} to {@code count - 1}, each once the previous one has left; then closes. */
    private static void produce(MessageChannel channel, int from, int count, String padding, Production sent) {
        for (int i = from; i < count; i++) {
            CompletableFuture<Void> send = channel.send(i + ":" + padding);
            if (!send.isDone()) {
                int next = i + 1;
                send.whenComplete((ok, error) -> {
                    if (error == null) {
                        sent.sent();
                        produce(channel, next, count, padding, sent);
                    }
                });
                return;
            }
            if (send.isCompletedExceptionally()) {
                return;
            }
            sent.sent();
        }
        channel.close(CloseStatus.NORMAL, "done");
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> values = new java.util.HashMap<>();
        for (String pair : (rawQuery == null ? "" : rawQuery).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return values;
    }

    /** Returns the request the handler received with {@code X-Request-Id: id}, or null. */
    ApiRequest received(String id) {
        return received.get(id);
    }

    /** Makes the next requests to {@code block} wait until {@link #release()}. */
    void holdBlockedRequests() {
        block = new CountDownLatch(1);
    }

    /** Lets every waiting and future request to {@code block} answer. */
    void release() {
        block.countDown();
    }

    private static ApiResponse echo(ApiRequest request) {
        ApiResponse.Builder response = ApiResponse.builder(200)
                .header("X-Method", request.method())
                .header("X-Path", request.path())
                .header("X-Body-Length", Integer.toString(request.bodyLength()))
                .header("Content-Type", request.headers().first("Content-Type").orElse("application/octet-stream"))
                .body(request.body());
        request.headers().first(REQUEST_ID).ifPresent(id -> response.header(REQUEST_ID, id));
        if (request.rawQuery() != null) {
            response.header("X-Query", request.rawQuery());
        }
        return response.build();
    }

    private static ApiResponse status(int code) {
        ApiResponse.Builder response = ApiResponse.builder(code);
        if (code >= 300 && code < 400) {
            response.header("Location", "/api/tck/echo?redirected=" + code);
        }
        if (code != 204 && code != 304) {
            response.header("Content-Type", "application/json").body("{\"status\":" + code + "}");
        }
        return response.build();
    }

    private ApiResponse block() {
        CountDownLatch latch = block;
        try {
            if (!latch.await(BLOCK_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                return ApiResponse.detail(500, "the contract never released the blocked request");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiResponse.detail(503, "interrupted while blocked");
        }
        return ApiResponse.json(200, "{\"released\":true}");
    }
}
