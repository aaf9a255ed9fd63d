package dev.jprefect.transport;

import java.io.InputStream;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * An immutable request to a Prefect API: method, URI, headers and body bytes, independent of
 * any transport.
 *
 * <p>Clients build requests with absolute URIs ({@code http://host:4200/api/flows/},
 * {@code inmemory://app/api/flows/}); a {@link RequestHandler} routes on
 * {@link #path()} and {@link #rawQuery()}, which read the same whatever carried the request.
 *
 * <pre>{@code
 * ApiRequest request = ApiRequest.builder("POST", URI.create("inmemory://app/api/flows/"))
 *         .header("Content-Type", "application/json")
 *         .body("{\"name\":\"etl\"}")
 *         .build();
 * }</pre>
 */
public final class ApiRequest {
    private final String method;
    private final URI uri;
    private final Headers headers;
    private final byte[] body;

    private ApiRequest(String method, URI uri, Headers headers, byte[] body) {
        this.method = method;
        this.uri = uri;
        this.headers = headers;
        this.body = body;
    }

    /** Returns a builder for a request with {@code method} (e.g. {@code "GET"}) to {@code uri}. */
    public static Builder builder(String method, URI uri) {
        return new Builder(method, uri);
    }

    /** Returns a body-less GET request to {@code uri}. */
    public static ApiRequest get(URI uri) {
        return builder("GET", uri).build();
    }

    /** Returns the method, upper case, e.g. {@code "POST"}. */
    public String method() {
        return method;
    }

    /** Returns the URI as the client gave it: absolute on the client side, path-only on a server. */
    public URI uri() {
        return uri;
    }

    /** Returns the raw (still percent-encoded) path, e.g. {@code /api/flows/}; never null. */
    public String path() {
        String path = uri.getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    /** Returns the raw (still percent-encoded) query without {@code ?}, or null if there is none. */
    public String rawQuery() {
        return uri.getRawQuery();
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

    /** Returns a builder that starts as a copy of this request. */
    public Builder toBuilder() {
        Builder builder = new Builder(method, uri);
        builder.headers = headers.toBuilder();
        builder.body = body;
        return builder;
    }

    /** Returns a copy of this request with {@code value} as the only value of header {@code name}. */
    public ApiRequest withHeader(String name, String value) {
        return new ApiRequest(method, uri, headers.withReplaced(name, value), body);
    }

    /** Returns a copy of this request with another URI. */
    public ApiRequest withUri(URI newUri) {
        return new ApiRequest(method, Objects.requireNonNull(newUri, "uri"), headers, body);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof ApiRequest)) {
            return false;
        }
        ApiRequest that = (ApiRequest) other;
        return method.equals(that.method) && uri.equals(that.uri) && headers.equals(that.headers)
                && Body.equal(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, uri, headers, body.length);
    }

    @Override
    public String toString() {
        return method + " " + uri + " " + headers + " (" + Body.describe(body) + ")";
    }

    /** A mutable builder of {@link ApiRequest}; not thread-safe. */
    public static final class Builder {
        private final String method;
        private final URI uri;
        private Headers.Builder headers = Headers.builder();
        private byte[] body = Body.EMPTY;

        private Builder(String method, URI uri) {
            this.method = checkMethod(method);
            this.uri = Objects.requireNonNull(uri, "uri");
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

        /** Returns the immutable request. */
        public ApiRequest build() {
            return new ApiRequest(method, uri, headers.build(), body);
        }

        private static String checkMethod(String method) {
            Objects.requireNonNull(method, "method");
            if (method.isEmpty()) {
                throw new IllegalArgumentException("HTTP method is empty");
            }
            for (int i = 0; i < method.length(); i++) {
                char c = method.charAt(i);
                if (!(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') && c != '-' && c != '_') {
                    throw new IllegalArgumentException("HTTP method '" + method + "' is not a token");
                }
            }
            return method.toUpperCase(Locale.ROOT);
        }
    }
}
