package dev.jprefect.transport;

import dev.jprefect.internal.json.SchemaJson;
import java.io.InputStream;
import java.util.Objects;

/**
 * An immutable response from a Prefect API: status code, headers and body bytes, independent of
 * any transport.
 *
 * <pre>{@code
 * ApiResponse ok = ApiResponse.json(200, "{\"status\":\"ok\"}");
 * ApiResponse none = ApiResponse.builder(204).build();
 * }</pre>
 */
public final class ApiResponse {
    private final int status;
    private final Headers headers;
    private final byte[] body;

    private ApiResponse(int status, Headers headers, byte[] body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** Returns a builder for a response with {@code status}. */
    public static Builder builder(int status) {
        return new Builder(status);
    }

    /** Returns a response with {@code status} and a UTF-8 JSON body. */
    public static ApiResponse json(int status, String json) {
        return builder(status).header("Content-Type", "application/json").body(json).build();
    }

    /**
     * Returns a FastAPI-style error response: {@code status} with the JSON body
     * {@code {"detail": "..."}}, the shape Prefect's server gives every error.
     *
     * <pre>{@code
     * ApiResponse notFound = ApiResponse.detail(404, "Flow run not found");
     * }</pre>
     */
    public static ApiResponse detail(int status, String detail) {
        Objects.requireNonNull(detail, "detail");
        return json(status, "{\"detail\":" + SchemaJson.CODEC.toJson(detail) + "}");
    }

    /** Returns the status code, from 100 to 599. */
    public int status() {
        return status;
    }

    /** Returns true for a 2xx status. */
    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    /** Returns the headers. */
    public Headers headers() {
        return headers;
    }

    /** Returns a copy of the body bytes; empty, never null, when there is no body. */
    public byte[] body() {
        return body.length == 0 ? body : body.clone();
    }

    /** Returns the body's length in bytes. */
    public int bodyLength() {
        return body.length;
    }

    /** Returns the body decoded as UTF-8. */
    public String bodyAsString() {
        return Body.text(body);
    }

    /** Returns a stream over the body, without copying it. */
    public InputStream bodyStream() {
        return Body.stream(body);
    }

    /** Returns a builder that starts as a copy of this response. */
    public Builder toBuilder() {
        Builder builder = new Builder(status);
        builder.headers = headers.toBuilder();
        builder.body = body;
        return builder;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof ApiResponse)) {
            return false;
        }
        ApiResponse that = (ApiResponse) other;
        return status == that.status && headers.equals(that.headers) && Body.equal(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, body.length);
    }

    @Override
    public String toString() {
        return status + " " + headers + " (" + Body.describe(body) + ")";
    }

    /** A mutable builder of {@link ApiResponse}; not thread-safe. */
    public static final class Builder {
        private final int status;
        private Headers.Builder headers = Headers.builder();
        private byte[] body = Body.EMPTY;

        private Builder(int status) {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("HTTP status " + status + " is outside 100-599");
            }
            this.status = status;
        }

        /** Adds a header value. */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /** Replaces the headers with {@code all}. */
        public Builder headers(Headers all) {
            headers = all.toBuilder();
            return this;
        }

        /** Sets the body to a copy of {@code bytes}. */
        public Builder body(byte[] bytes) {
            body = Body.copyOf(bytes);
            return this;
        }

        /** Sets the body to {@code text} encoded as UTF-8. */
        public Builder body(String text) {
            body = Body.utf8(text);
            return this;
        }

        /** Returns the immutable response. */
        public ApiResponse build() {
            return new ApiResponse(status, headers.build(), body);
        }
    }
}
