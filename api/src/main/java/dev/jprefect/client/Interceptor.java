package dev.jprefect.client;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.util.concurrent.CompletableFuture;

/**
 * A step of the client's request pipeline: it sees each request attempt on its way to the transport
 * and its response on the way back, and may change either, or answer without going further.
 *
 * <p>Install interceptors with {@link PrefectClientBuilder#interceptor(Interceptor)}; they run in the
 * order added, after the client's own steps (headers, CSRF token, retries), so they see every
 * attempt with its final headers. Each call gets a fresh {@link Chain} that allows
 * {@link Chain#proceed(ApiRequest)} at most once; calling it twice fails with an error naming the
 * interceptor's index. Complete the future exceptionally with a
 * {@link dev.jprefect.transport.TransportException} to report a transport failure the client may
 * retry.
 *
 * <pre>{@code
 * Interceptor tracing = chain -> chain.proceed(chain.request().withHeader("X-Trace", traceId()));
 * }</pre>
 */
@FunctionalInterface
public interface Interceptor {

    /** Handles one request attempt: usually {@code chain.proceed(chain.request())}, possibly changed. */
    CompletableFuture<ApiResponse> intercept(Chain chain);

    /** The position of one request attempt in the pipeline. */
    interface Chain {

        /** Returns the request as it reaches this interceptor. */
        ApiRequest request();

        /**
         * Passes {@code request} to the next interceptor (or the transport) and returns its response.
         *
         * @throws IllegalStateException if called more than once on this chain
         */
        CompletableFuture<ApiResponse> proceed(ApiRequest request);
    }
}
