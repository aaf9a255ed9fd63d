package dev.jprefect.client.internal;

import dev.jprefect.client.ApiCall;
import dev.jprefect.client.EventSubscription;
import dev.jprefect.client.PrefectAsyncClient;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientException;
import dev.jprefect.client.schemas.EventFilter;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one implementation of {@link PrefectClient}: each call is the asynchronous client's call with
 * a bounded wait, at most {@link ClientOptions#blockingTimeout()}, its failure rethrown unwrapped.
 */
final class RealBlockingClient implements PrefectClient {
    private final RealAsyncClient async;
    private final Duration timeout;

    RealBlockingClient(RealAsyncClient async, Duration timeout) {
        this.async = async;
        this.timeout = timeout;
    }

    @Override
    public URI apiUrl() {
        return async.apiUrl();
    }

    @Override
    public PrefectAsyncClient async() {
        return async;
    }

    @Override
    public ApiResponse send(ApiRequest request) {
        return await(async.send(request));
    }

    @Override
    public <T> T call(ApiCall<T> call) {
        return await(async.call(call));
    }

    @Override
    public EventSubscription subscribeEvents(EventFilter filter) {
        return await(async.subscribeEvents(filter));
    }

    private <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = Futures.unwrap(e);
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new PrefectClientException("call to the Prefect API at " + async.apiUrl() + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new PrefectClientException("no answer from the Prefect API at " + async.apiUrl() + " within "
                    + timeout + " (every attempt and back-off allowed by PREFECT_API_REQUEST_TIMEOUT and"
                    + " PREFECT_CLIENT_MAX_RETRIES)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new PrefectClientException("interrupted while waiting for the Prefect API at " + async.apiUrl(), e);
        }
    }

    @Override
    public void close() {
        async.close();
    }

    @Override
    public String toString() {
        return "PrefectClient(" + async.apiUrl() + ")";
    }
}
