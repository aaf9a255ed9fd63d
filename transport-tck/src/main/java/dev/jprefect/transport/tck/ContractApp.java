package dev.jprefect.transport.tck;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.RequestHandler;
import java.util.Map;
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

    private final Map<String, ApiRequest> received = new ConcurrentHashMap<>();
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
