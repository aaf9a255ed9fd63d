package dev.jprefect.integration;

import dev.jprefect.client.Interceptor;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.TransportException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The network edge that loses answers: the first attempt of every request matching a predicate
 * reaches the server, which applies it, and the client sees a reset connection instead of the
 * answer, as when a stall outlasts the request timeout or a proxy drops the connection. The retry
 * (the same method, path and body) gets through. Put it after the client's own steps (a user
 * interceptor), so the client's retry step sees the loss.
 */
public final class LostAnswers implements Interceptor {
    private final Predicate<ApiRequest> matches;
    private final Set<String> lost = new HashSet<>();
    private final AtomicInteger through = new AtomicInteger();
    private volatile boolean enabled = true;

    private LostAnswers(Predicate<ApiRequest> matches) {
        this.matches = matches;
    }

    /** Loses the first answer of every state proposal ({@code POST .../set_state}) of flow runs and task runs. */
    public static LostAnswers ofStateProposals() {
        return new LostAnswers(r -> "POST".equals(r.method()) && r.path().endsWith("/set_state"));
    }

    /** Returns one that loses nothing until {@link #enable()}d, for a fixture shared by tests. */
    public LostAnswers disabled() {
        enabled = false;
        return this;
    }

    /** Starts losing answers. */
    public void enable() {
        enabled = true;
    }

    /** Returns how many answers were lost. */
    public synchronized int lost() {
        return lost.size();
    }

    /** Returns how many matching requests were answered (the retries of the lost ones). */
    public int answered() {
        return through.get();
    }

    @Override
    public CompletableFuture<ApiResponse> intercept(Chain chain) {
        ApiRequest request = chain.request();
        if (!enabled || !matches.test(request)) {
            return chain.proceed(request);
        }
        boolean first;
        synchronized (this) {
            first = lost.add(request.method() + " " + request.path() + " " + request.bodyAsString());
        }
        if (!first) {
            through.incrementAndGet();
            return chain.proceed(request);
        }
        return chain.proceed(request).thenCompose(answer -> CompletableFuture.failedFuture(new TransportException(
                TransportException.Kind.CONNECTION_RESET, request.uri(), "the answer was lost on the way back", null)));
    }
}
