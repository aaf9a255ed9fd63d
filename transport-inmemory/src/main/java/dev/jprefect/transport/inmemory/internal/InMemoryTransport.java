package dev.jprefect.transport.inmemory.internal;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.CloseStatus;
import dev.jprefect.transport.InProcessApps;
import dev.jprefect.transport.MessageChannel;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.StreamHandler;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.TransportException;
import dev.jprefect.transport.TransportException.Kind;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls the in-process app that a request's {@code inmemory://NAME/...} URI names, on the caller's
 * thread, and returns the response as an already completed future.
 *
 * <p>The handler sees what a network server would: the request with only its raw path and query as
 * URI. It is called through {@link RequestHandler#handleSafely}, so a handler that throws (or
 * returns null) gives a 500 JSON {@code detail} without the stack trace, which is logged instead. A
 * handler that outlives the request timeout is interrupted and the request fails with
 * {@link Kind#READ_TIMEOUT}. Streams are {@link InMemoryStream}s: the app's stream handler and the
 * client share two queues, with no socket and no thread between them.
 */
final class InMemoryTransport implements Transport {

    private static final System.Logger LOG = System.getLogger(InMemoryTransport.class.getName());

    /** How the streams of a closed transport end: as a connection that dropped. */
    private static final CloseStatus DROPPED = new CloseStatus(CloseStatus.ABNORMAL, "the in-memory transport was closed");

    private final TransportConfig config;
    private final Set<InMemoryStream> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    InMemoryTransport(TransportConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public CompletableFuture<ApiResponse> send(ApiRequest request) {
        return withApp(request, this::call);
    }

    private CompletableFuture<ApiResponse> call(RequestHandler app, URI uri, ApiRequest serverSide) {
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

    /**
     * Opens a stream to the app's {@link StreamHandler} for the request's path: the handler gets the
     * server's end on this thread, before the client gets its own.
     */
    @Override
    public CompletableFuture<MessageChannel> openStream(ApiRequest request) {
        return withApp(request, this::open);
    }

    private CompletableFuture<MessageChannel> open(RequestHandler app, URI uri, ApiRequest serverSide) {
        StreamHandler handler;
        try {
            handler = app.streamHandler(serverSide);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, () -> "in-process app '" + uri.getHost() + "' failed to open a stream to "
                    + uri.getRawPath(), e);
            return failed(Kind.PROTOCOL_ERROR, uri, "the in-process app '" + uri.getHost()
                    + "' failed to open the stream (500)");
        }
        if (handler == null) {
            return failed(Kind.PROTOCOL_ERROR, uri, "the in-process app '" + uri.getHost() + "' has no stream at "
                    + uri.getRawPath() + " (404)");
        }
        InMemoryStream stream = new InMemoryStream(agreedSubprotocol(handler, serverSide));
        streams.add(stream);
        stream.client().closed().whenComplete((status, error) -> streams.remove(stream));
        if (closed) { // close() ran while we registered
            stream.end(DROPPED);
        }
        StreamHandler.openSafely(handler, stream.server());
        return CompletableFuture.completedFuture(stream.client());
    }

    /** Closes the transport; its open streams end as if the connection had dropped ({@code 1006}). */
    @Override
    public void close() {
        closed = true;
        streams.forEach(stream -> stream.end(DROPPED));
    }

    @Override
    public String toString() {
        return "InMemoryTransport[" + config.apiUrl() + (closed ? ", closed]" : "]");
    }

    /** What a request does once its app is found: {@code uri} is the client's, {@code serverSide} the app's view. */
    private interface AppCall<T> {
        CompletableFuture<T> apply(RequestHandler app, URI uri, ApiRequest serverSide);
    }

    /** Finds the app {@code request} names and calls {@code call}, or fails as a request to a missing app must. */
    private <T> CompletableFuture<T> withApp(ApiRequest request, AppCall<T> call) {
        Objects.requireNonNull(request, "request");
        URI uri = request.uri();
        try {
            return call.apply(appFor(uri), uri, request.withUri(pathAndQuery(uri)));
        } catch (TransportException | IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Returns the app {@code uri} names, or fails as a request to it must. */
    private RequestHandler appFor(URI uri) throws TransportException {
        if (closed) {
            throw new TransportException(Kind.CLOSED, uri, "the in-memory transport for " + config.apiUrl() + " is closed", null);
        }
        if (!InProcessApps.SCHEME.equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("request URI '" + uri
                    + "' is not an inmemory://NAME/... URL; this transport serves " + config.apiUrl());
        }
        return InProcessApps.lookup(uri).orElseThrow(() -> new TransportException(Kind.CONNECT_REFUSED, uri,
                "no in-process app is registered as '" + uri.getHost() + "'; registered: "
                        + new TreeSet<>(InProcessApps.names())
                        + ". Register the app with InProcessApps.register, or check PREFECT_API_URL", null));
    }

    /** Returns the handler's subprotocol if the client offered it ({@code Sec-WebSocket-Protocol}), else null. */
    private static String agreedSubprotocol(StreamHandler handler, ApiRequest request) {
        String spoken = handler.subprotocol();
        if (spoken == null) {
            return null;
        }
        for (String offered : request.headers().all("Sec-WebSocket-Protocol")) {
            for (String protocol : offered.split(",")) {
                if (protocol.trim().equals(spoken)) {
                    return spoken;
                }
            }
        }
        return null;
    }

    /** Returns the raw path and query of {@code uri}: what a network server reads off the request line. */
    private static URI pathAndQuery(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery();
        return URI.create(query == null ? path : path + "?" + query);
    }

    private static <T> CompletableFuture<T> failed(Kind kind, URI uri, String message) {
        return CompletableFuture.failedFuture(new TransportException(kind, uri, message, null));
    }
}
