package dev.jprefect.transport.netty.internal;

import dev.jprefect.transport.ApiResponse;

/**
 * Why the pipeline refused a request before it reached the handler, with the answer to give: set
 * as the failed decoder result of the request's head, so the answer goes out in the connection's
 * order of responses and the connection is closed after it.
 */
final class RefusedRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What a refusal answers with {@code Retry-After}: seconds after which the client may try again. */
    static final String RETRY_AFTER_SECONDS = "1";

    private final transient ApiResponse response;

    private RefusedRequest(ApiResponse response, String message) {
        super(message, null, false, false); // an expected outcome: no stack trace to fill
        this.response = response;
    }

    /** A request the server refuses with {@code status} and a JSON {@code detail}. */
    static RefusedRequest of(int status, String detail) {
        return new RefusedRequest(ApiResponse.detail(status, detail), detail);
    }

    /** A request refused for now (503) because the server is at a limit; the client may retry. */
    static RefusedRequest busy(String detail) {
        return new RefusedRequest(busyResponse(detail), detail);
    }

    /** Returns a 503 JSON {@code detail} with {@code Retry-After}: the server is at a limit, try again soon. */
    static ApiResponse busyResponse(String detail) {
        return ApiResponse.detail(503, detail).toBuilder().header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    /** Returns the answer to the refused request. */
    ApiResponse response() {
        return response;
    }
}
