package dev.jprefect.client.internal;

import dev.jprefect.client.ApiCall;
import dev.jprefect.client.EventSubscription;
import dev.jprefect.client.Interceptor;
import dev.jprefect.client.PrefectAsyncClient;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientException;
import dev.jprefect.client.Sleeper;
import dev.jprefect.client.schemas.EventFilter;
import dev.jprefect.internal.math.Jitter;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Transport;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one implementation of {@link PrefectAsyncClient}: runs each {@link ApiCall} through the
 * {@link Pipeline} and reads its answer. The typed calls are the interface's default methods, each
 * described once in {@link Calls}.
 */
public final class RealAsyncClient implements PrefectAsyncClient {
    private final Pipeline pipeline;
    private final AutoCloseable resources;
    private final Sleeper sleeper;
    private final RealBlockingClient blocking;
    /** What the event stream's {@code auth} message carries: the API key, else the auth string, else null. */
    private final String eventsToken;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param resources what closing the client releases besides the transport (the ephemeral
     *     server's lease), or null
     */
    RealAsyncClient(URI apiUrl, Transport transport, AutoCloseable resources, ClientOptions options,
            List<Interceptor> userInterceptors, Sleeper sleeper, Jitter jitter) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.pipeline = new Pipeline(apiUrl, transport, options, userInterceptors, sleeper, jitter);
        this.resources = resources;
        this.eventsToken = options.apiKey().or(options::authString).orElse(null);
        this.blocking = new RealBlockingClient(this, options.blockingTimeout());
    }

    /** Returns the pipeline (tests read its retry and CSRF steps). */
    Pipeline pipeline() {
        return pipeline;
    }

    @Override
    public URI apiUrl() {
        return pipeline.apiUrl();
    }

    @Override
    public Sleeper sleeper() {
        return sleeper;
    }

    @Override
    public PrefectClient blocking() {
        return blocking;
    }

    @Override
    public CompletableFuture<ApiResponse> send(ApiRequest request) {
        Objects.requireNonNull(request, "request");
        return pipeline.send(request.withUri(ApiPaths.resolve(apiUrl(), request.uri())));
    }

    @Override
    public <T> CompletableFuture<T> call(ApiCall<T> call) {
        Objects.requireNonNull(call, "call");
        ApiRequest request;
        try {
            ApiRequest described = Objects.requireNonNull(call.request(), "the call's request");
            request = described.withUri(ApiPaths.resolve(apiUrl(), described.uri()));
        } catch (RuntimeException e) {
            return Futures.failed(e);
        }
        return pipeline.exchange(request).thenApply(response -> {
            if (!call.answers(response.status())) {
                throw Pipeline.statusException(request, response);
            }
            try {
                return call.read(response);
            } catch (IllegalArgumentException e) {
                throw new PrefectClientException("cannot read the answer to " + request.method() + " "
                        + request.uri() + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public CompletableFuture<EventSubscription> subscribeEvents(EventFilter filter) {
        Objects.requireNonNull(filter, "filter");
        URI uri = ApiPaths.resolve(apiUrl(), RealEventSubscription.EVENTS_OUT);
        return pipeline.openStream(uri).thenCompose(channel -> RealEventSubscription.start(channel, uri, eventsToken, filter));
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            pipeline.close();
        } finally {
            if (resources != null) {
                try {
                    resources.close();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new PrefectClientException("closing the client for " + apiUrl() + " failed: " + e, e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "PrefectAsyncClient(" + apiUrl() + ")";
    }
}
