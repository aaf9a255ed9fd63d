package dev.jprefect.transport.inmemory.internal;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.InProcessApps;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.TransportException;
import dev.jprefect.transport.TransportException.Kind;
import java.net.URI;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Calls the in-process app that a request's {@code inmemory://NAME/...} URI names, on the caller's
 * thread, and returns the response as an already completed future.
 *
 * <p>The handler sees what a network server would: the request with only its raw path and query as
 * URI. It is called through {@link RequestHandler#handleSafely}, so a handler that throws (or
 * returns null) gives a 500 JSON {@code detail} without the stack trace, which is logged instead. A
 * handler that outlives the request timeout is interrupted and the request fails with
 * {@link Kind#READ_TIMEOUT}.
 */
final class InMemoryTransport implements Transport {

    private final TransportConfig config;
    private volatile boolean closed;

    InMemoryTransport(TransportConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public CompletableFuture<ApiResponse> send(ApiRequest request) {
        Objects.requireNonNull(request, "request");
        URI uri = request.uri();
        if (closed) {
            return failed(Kind.CLOSED, uri, "the in-memory transport for " + config.apiUrl() + " is closed");
        }
        if (!InProcessApps.SCHEME.equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("request URI '" + uri
                    + "' is not an inmemory://NAME/... URL; this transport serves " + config.apiUrl()));
        }
        RequestHandler app = InProcessApps.lookup(uri).orElse(null);
        if (app == null) {
            return failed(Kind.CONNECT_REFUSED, uri, "no in-process app is registered as '" + uri.getHost()
                    + "'; registered: " + new TreeSet<>(InProcessApps.names())
                    + ". Register the app with InProcessApps.register, or check PREFECT_API_URL");
        }
        ApiRequest serverSide = request.withUri(pathAndQuery(uri));
        ApiResponse response;
        boolean late;
        RequestTimer timer = RequestTimer.start(config.requestTimeout());
        try {
            response = RequestHandler.handleSafely(app, serverSide);
        } finally {
            late = timer.stop();
        }
        if (late) {
            return failed(Kind.READ_TIMEOUT, uri, "the in-process app '" + uri.getHost()
                    + "' did not answer within " + config.requestTimeout() + " and was interrupted");
        }
        if (serverSide.method().equals("HEAD") && response.bodyLength() > 0) {
            response = response.toBuilder().body(new byte[0]).build(); // as over HTTP: headers only
        }
        return CompletableFuture.completedFuture(response);
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "InMemoryTransport[" + config.apiUrl() + (closed ? ", closed]" : "]");
    }

    /** Returns the raw path and query of {@code uri}: what a network server reads off the request line. */
    private static URI pathAndQuery(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery();
        return URI.create(query == null ? path : path + "?" + query);
    }

    private static CompletableFuture<ApiResponse> failed(Kind kind, URI uri, String message) {
        return CompletableFuture.failedFuture(new TransportException(kind, uri, message, null));
    }
}
