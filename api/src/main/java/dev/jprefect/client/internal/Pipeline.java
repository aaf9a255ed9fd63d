package dev.jprefect.client.internal;

import dev.jprefect.client.Interceptor;
import dev.jprefect.client.ObjectAlreadyExistsException;
import dev.jprefect.client.ObjectNotFoundException;
import dev.jprefect.client.PrefectClientException;
import dev.jprefect.client.PrefectHttpStatusException;
import dev.jprefect.client.Sleeper;
import dev.jprefect.internal.math.Jitter;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.MessageChannel;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The client's request pipeline, the same over every transport: the headers step ({@code User-Agent},
 * auth, custom headers), the retry step, the CSRF step, the user's interceptors in the order added,
 * and the transport. Both clients send every request through one pipeline; the typed calls
 * ({@link dev.jprefect.client.ApiCall}) sit above it.
 *
 * <p>{@link #exchange} completes with the response of any status; {@link #send} fails a non-2xx
 * answer with {@link PrefectHttpStatusException} ({@link ObjectNotFoundException} for 404,
 * {@link ObjectAlreadyExistsException} for 409). A transport failure left after the retries becomes
 * a {@link PrefectClientException} naming the request and the API URL.
 */
final class Pipeline implements AutoCloseable {
    private final URI apiUrl;
    private final Transport transport;
    private final List<Interceptor> interceptors;
    private final int firstUserIndex;
    private final RetryInterceptor retry;
    private final CsrfInterceptor csrf;
    private final AtomicBoolean closed = new AtomicBoolean();

    Pipeline(URI apiUrl, Transport transport, ClientOptions options, List<Interceptor> userInterceptors,
            Sleeper sleeper, Jitter jitter) {
        this.apiUrl = Objects.requireNonNull(apiUrl, "apiUrl");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.retry = new RetryInterceptor(options.maxRetries(), options.jitterFactor(), options.extraRetryCodes(),
                sleeper, jitter);
        this.csrf = options.csrfEnabled() ? new CsrfInterceptor(apiUrl, sleeper, this::send) : null;
        List<Interceptor> all = new ArrayList<>();
        all.add(HeadersInterceptor.of(options.apiKey(), options.authString(), options.customHeaders()));
        all.add(retry);
        if (csrf != null) {
            all.add(csrf);
        }
        this.firstUserIndex = all.size();
        for (Interceptor interceptor : userInterceptors) {
            all.add(Objects.requireNonNull(interceptor, "interceptor"));
        }
        all.add(new TransportStep(transport));
        this.interceptors = List.copyOf(all);
    }

    /** Returns the API's base URL. */
    URI apiUrl() {
        return apiUrl;
    }

    /** Returns the retry step (tests read whether the client has connected). */
    RetryInterceptor retryStep() {
        return retry;
    }

    /** Returns the CSRF step, or null when CSRF support is off by setting. */
    CsrfInterceptor csrfStep() {
        return csrf;
    }

    /**
     * Runs {@code request} (its URI absolute) through every step and completes with the response,
     * whatever its status; fails with {@link PrefectClientException} if the API cannot be reached
     * or the pipeline is closed.
     */
    CompletableFuture<ApiResponse> exchange(ApiRequest request) {
        if (closed.get()) {
            return Futures.failed(new PrefectClientException("this Prefect client (API " + apiUrl
                    + ") is closed; " + request.method() + " " + request.uri() + " was not sent"));
        }
        return RealChain.start(interceptors, firstUserIndex, request).handle((response, failure) -> {
            if (failure != null) {
                throw translate(request, Futures.unwrap(failure));
            }
            return response;
        });
    }

    /** Like {@link #exchange}, but a non-2xx answer fails the future with {@link #statusException}. */
    CompletableFuture<ApiResponse> send(ApiRequest request) {
        return exchange(request).thenApply(response -> {
            if (!response.isSuccessful()) {
                throw statusException(request, response);
            }
            return response;
        });
    }

    /**
     * Opens a stream to {@code uri} (absolute) on the transport, offering Prefect's subprotocol
     * {@code prefect}. Streams do not pass the interceptors: the protocol on the stream
     * authenticates itself. A failure becomes a {@link PrefectClientException} naming the URI.
     */
    CompletableFuture<MessageChannel> openStream(URI uri) {
        ApiRequest request = ApiRequest.builder("GET", uri).header("Sec-WebSocket-Protocol", "prefect").build();
        if (closed.get()) {
            return Futures.failed(new PrefectClientException("this Prefect client (API " + apiUrl
                    + ") is closed; the stream to " + uri + " was not opened"));
        }
        return transport.openStream(request).handle((channel, failure) -> {
            if (failure != null) {
                Throwable cause = Futures.unwrap(failure);
                throw cause instanceof UnsupportedOperationException
                        ? (UnsupportedOperationException) cause : translate(request, cause);
            }
            return channel;
        });
    }

    /** Returns the exception for a non-2xx {@code response}: 404 and 409 have their own types. */
    static PrefectHttpStatusException statusException(ApiRequest request, ApiResponse response) {
        switch (response.status()) {
            case 404:
                return new ObjectNotFoundException(request, response);
            case 409:
                return new ObjectAlreadyExistsException(request, response);
            default:
                return new PrefectHttpStatusException(request, response);
        }
    }

    private RuntimeException translate(ApiRequest request, Throwable failure) {
        if (failure instanceof RuntimeException) {
            return (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure instanceof TransportException) {
            TransportException te = (TransportException) failure;
            if (te.kind() == TransportException.Kind.CONNECT_REFUSED) {
                return new PrefectClientException("Cannot connect to the Prefect API at " + apiUrl + " ("
                        + request.method() + " " + request.uri() + ": connection refused; " + te.getMessage()
                        + "). Check that the"
                        + " server is running and that PREFECT_API_URL points at it.", te);
            }
            return new PrefectClientException(request.method() + " " + request.uri() + " to the Prefect API at "
                    + apiUrl + " failed: " + te.getMessage(), te);
        }
        return new PrefectClientException(request.method() + " " + request.uri() + " failed: " + failure, failure);
    }

    /** Closes the transport; requests sent afterwards fail without reaching it. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            transport.close();
        }
    }

    /** The end of the pipeline: hands the request to the transport. */
    private static final class TransportStep implements Interceptor {
        private final Transport transport;

        TransportStep(Transport transport) {
            this.transport = transport;
        }

        @Override
        public CompletableFuture<ApiResponse> intercept(Chain chain) {
            CompletableFuture<ApiResponse> sent = transport.send(chain.request());
            return sent == null
                    ? Futures.failed(new IllegalStateException(transport + " returned null from send()"))
                    : sent;
        }

        @Override
        public String toString() {
            return "transport " + transport;
        }
    }
}
