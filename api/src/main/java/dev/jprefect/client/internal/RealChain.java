package dev.jprefect.client.internal;

import dev.jprefect.client.Interceptor;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one implementation of {@link Interceptor.Chain}: an immutable cursor over the pipeline.
 * {@code proceed} hands the request to the interceptor at {@code index}, with a new chain at
 * {@code index + 1}. The last interceptor is the transport and never proceeds.
 *
 * <p>The client's own steps (before {@code firstUserIndex}) may proceed more than once: retrying is
 * exactly that. A user interceptor's chain allows one call; a second fails at once, naming the
 * interceptor by its position among the user interceptors (0 is the first added).
 */
final class RealChain implements Interceptor.Chain {
    private final List<Interceptor> interceptors;
    private final int firstUserIndex;
    private final int index;
    private final ApiRequest request;
    private final AtomicInteger calls = new AtomicInteger();

    private RealChain(List<Interceptor> interceptors, int firstUserIndex, int index, ApiRequest request) {
        this.interceptors = interceptors;
        this.firstUserIndex = firstUserIndex;
        this.index = index;
        this.request = request;
    }

    /** Runs {@code request} through every interceptor, from the first. */
    static CompletableFuture<ApiResponse> start(List<Interceptor> interceptors, int firstUserIndex, ApiRequest request) {
        return new RealChain(interceptors, firstUserIndex, 0, request).call(0, request);
    }

    @Override
    public ApiRequest request() {
        return request;
    }

    @Override
    public CompletableFuture<ApiResponse> proceed(ApiRequest next) {
        Objects.requireNonNull(next, "request");
        int owner = index - 1; // the interceptor this chain was handed to
        if (owner >= firstUserIndex && calls.incrementAndGet() > 1) {
            throw new IllegalStateException(describe(owner) + " must call proceed() at most once,"
                    + " but called it again for " + next.method() + " " + next.uri());
        }
        if (index >= interceptors.size()) {
            throw new IllegalStateException(describe(owner) + " called proceed() but nothing follows it");
        }
        return call(index, next);
    }

    private CompletableFuture<ApiResponse> call(int at, ApiRequest next) {
        Interceptor interceptor = interceptors.get(at);
        CompletableFuture<ApiResponse> response;
        try {
            response = interceptor.intercept(new RealChain(interceptors, firstUserIndex, at + 1, next));
        } catch (RuntimeException e) {
            return Futures.failed(e);
        }
        if (response == null) {
            return Futures.failed(new IllegalStateException(describe(at) + " returned null instead of a future"));
        }
        return response;
    }

    private String describe(int at) {
        Interceptor interceptor = interceptors.get(at);
        if (at >= firstUserIndex && at < interceptors.size() - 1) {
            return "interceptor " + (at - firstUserIndex) + " (" + interceptor.getClass().getName() + ")";
        }
        return "the client's " + interceptor;
    }
}
