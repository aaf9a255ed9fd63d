package dev.jprefect.transport.http.internal;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.MessageChannel;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.TransportException;
import dev.jprefect.transport.TransportException.Kind;
import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * Sends requests with one {@link HttpClient}, asynchronously, and maps its failures to
 * {@link TransportException} kinds.
 *
 * <p>Headers the JDK refuses to let callers set ({@code Connection}, {@code Content-Length},
 * {@code Host}, {@code Upgrade}) are left out: the client derives them from the URI and the body.
 * {@code Expect: 100-continue} becomes the client's own expect-continue. Redirects are returned,
 * never followed: following them is the caller's decision.
 */
final class JdkHttpTransport implements Transport {

    private static final System.Logger LOG = System.getLogger(JdkHttpTransport.class.getName());

    /** The headers {@link HttpRequest.Builder#header} rejects; the client sets them itself. */
    static final Set<String> SET_BY_CLIENT = Set.of("connection", "content-length", "host", "upgrade");

    private final TransportConfig config;
    private final HttpClient client;
    /** Requests in flight and their URIs, failed with {@link Kind#CLOSED} when the transport closes. */
    private final Map<CompletableFuture<ApiResponse>, URI> inFlight = new ConcurrentHashMap<>();
    /** Open streams, dropped when the transport closes. */
    private final Set<JdkWebSocketStream> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    JdkHttpTransport(TransportConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(config.http2() ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
        SSLContext tls = Tls.contextFor(config);
        if (tls != null) {
            builder.sslContext(tls);
        }
        if (config.tlsInsecureSkipVerify()) {
            LOG.log(Level.WARNING, () -> "TLS certificates and host names are not verified for " + config.apiUrl()
                    + " (PREFECT_API_TLS_INSECURE_SKIP_VERIFY); never do this in production");
        }
        this.client = builder.build();
    }

    @Override
    public CompletableFuture<ApiResponse> send(ApiRequest request) {
        Objects.requireNonNull(request, "request");
        URI uri = request.uri();
        if (closed) {
            return CompletableFuture.failedFuture(closedFailure(uri));
        }
        HttpRequest httpRequest;
        try {
            httpRequest = toHttpRequest(request);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<ApiResponse> result = new CompletableFuture<>();
        inFlight.put(result, uri);
        CompletableFuture<HttpResponse<byte[]>> exchange =
                client.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
        exchange.whenComplete((response, error) -> {
            inFlight.remove(result);
            if (error != null) {
                result.completeExceptionally(Failures.toTransportException(error, uri, config));
            } else {
                complete(result, response, uri);
            }
        });
        result.whenComplete((response, error) -> {
            if (error != null && !exchange.isDone()) {
                exchange.cancel(true); // closed or cancelled by the caller: abandon the exchange
            }
        });
        if (closed) {
            result.completeExceptionally(closedFailure(uri)); // close() ran while we registered
        }
        return result;
    }

    /**
     * Opens a WebSocket to the request's URI ({@code ws:} for {@code http:}, {@code wss:} for
     * {@code https:}) on this transport's client, so TLS settings and timeouts are the same.
     */
    @Override
    public CompletableFuture<MessageChannel> openStream(ApiRequest request) {
        Objects.requireNonNull(request, "request");
        if (closed) {
            return CompletableFuture.failedFuture(closedFailure(request.uri()));
        }
        AtomicReference<JdkWebSocketStream> opened = new AtomicReference<>();
        CompletableFuture<JdkWebSocketStream> stream;
        try {
            stream = JdkWebSocketStream.open(client, request, config, () -> {
                JdkWebSocketStream ended = opened.get();
                if (ended != null) {
                    streams.remove(ended);
                }
            });
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return stream.thenApply(open -> {
            opened.set(open);
            streams.add(open);
            if (open.closed().isDone()) { // ended while we registered it
                streams.remove(open);
            }
            if (closed) { // close() ran while we registered it
                open.drop("the HTTP transport was closed");
            }
            return open;
        });
    }

    /**
     * Fails the requests in flight with {@link Kind#CLOSED}, drops the open streams (they end with
     * 1006) and lets the client's threads go. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        inFlight.forEach((future, uri) -> future.completeExceptionally(closedFailure(uri)));
        inFlight.clear();
        streams.forEach(stream -> stream.drop("the HTTP transport was closed"));
        shutDownClient();
    }

    @Override
    public String toString() {
        return "JdkHttpTransport[" + config.apiUrl() + (closed ? ", closed]" : "]");
    }

    private HttpRequest toHttpRequest(ApiRequest request) {
        URI uri = request.uri();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("request URI '" + uri + "' is not an absolute http(s) URL;"
                    + " this transport serves " + config.apiUrl());
        }
        HttpRequest.BodyPublisher body = request.bodyLength() == 0
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .method(request.method(), body);
        request.headers().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("expect")) {
                builder.expectContinue(value.trim().equalsIgnoreCase("100-continue"));
            } else if (!SET_BY_CLIENT.contains(lower)) {
                builder.header(name, value);
            }
        });
        return builder.build();
    }

    private static void complete(CompletableFuture<ApiResponse> result, HttpResponse<byte[]> response, URI uri) {
        try {
            ApiResponse.Builder builder = ApiResponse.builder(response.statusCode());
            response.headers().map().forEach((name, values) -> {
                if (!name.startsWith(":")) { // HTTP/2 pseudo-headers are not headers
                    values.forEach(value -> builder.header(name, value));
                }
            });
            result.complete(builder.body(response.body()).build());
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(new TransportException(Kind.PROTOCOL_ERROR, uri,
                    "the server's response is not acceptable: " + e.getMessage(), e));
        }
    }

    private TransportException closedFailure(URI uri) {
        return new TransportException(Kind.CLOSED, uri, "the HTTP transport for " + config.apiUrl() + " is closed", null);
    }

    /** Stops the client's threads at once where the JDK can (21 and later); older JDKs free them when it is unreachable. */
    private void shutDownClient() {
        try {
            HttpClient.class.getMethod("shutdownNow").invoke(client);
        } catch (NoSuchMethodException e) {
            // JDK 17-20: HttpClient has no shutdown; its selector thread ends once the client is garbage.
        } catch (IllegalAccessException | InvocationTargetException e) {
            LOG.log(Level.DEBUG, () -> "could not shut down the HttpClient of " + config.apiUrl() + ": " + e);
        }
    }
}
