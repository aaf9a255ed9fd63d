package dev.jprefect.client.internal;

import dev.jprefect.client.Interceptor;
import dev.jprefect.client.PrefectClientException;
import dev.jprefect.client.PrefectHttpStatusException;
import dev.jprefect.client.Sleeper;
import dev.jprefect.client.schemas.CsrfToken;
import dev.jprefect.client.schemas.JsonCodec;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The client's CSRF step, after Prefect's {@code _add_csrf_headers}: every change request (POST,
 * PUT, PATCH, DELETE) carries {@code Prefect-Csrf-Token} and {@code Prefect-Csrf-Client}, the token
 * fetched from {@code GET /csrf-token?client=ID} with this client's own id.
 *
 * <p>The token is fetched on the first change request, again shortly before it expires, and again
 * after the server rejects it (a 403 saying "Invalid CSRF token": this step drops the token and the
 * retry step sends the request again). If the token endpoint answers 404 (an older server) or 422
 * "CSRF protection is disabled.", the step switches itself off for the client's lifetime. Concurrent
 * change requests share one fetch.
 */
final class CsrfInterceptor implements Interceptor {

    /** The header that carries the token. */
    static final String TOKEN_HEADER = "Prefect-Csrf-Token";

    /** The header that carries the client id the token was issued to. */
    static final String CLIENT_HEADER = "Prefect-Csrf-Client";

    /** What the server's 422 says when it does not protect against CSRF. */
    static final String DISABLED_MESSAGE = "CSRF protection is disabled.";

    /**
     * Fetch a new token this long before the old one expires: a request sent just before expiry
     * would arrive after it, and the client's and server's clocks may differ by seconds.
     */
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(10);

    private static final Set<String> CHANGE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final UUID clientId = UUID.randomUUID();
    private final URI apiUrl;
    private final Sleeper sleeper;
    private final Function<ApiRequest, CompletableFuture<ApiResponse>> send;

    private final Object lock = new Object();
    private volatile boolean enabled = true;
    private volatile Token token;
    private CompletableFuture<Token> fetching; // guarded by lock

    /**
     * @param send sends through the whole client (retries, status check), as Prefect's
     *     {@code self.send}; a GET never comes back here for a token, so this cannot recurse
     */
    CsrfInterceptor(URI apiUrl, Sleeper sleeper, Function<ApiRequest, CompletableFuture<ApiResponse>> send) {
        this.apiUrl = apiUrl;
        this.sleeper = sleeper;
        this.send = send;
    }

    /** Returns the id this client sends in {@code Prefect-Csrf-Client} and {@code ?client=}. */
    UUID clientId() {
        return clientId;
    }

    /** Returns false once the server has said it does not use CSRF tokens. */
    boolean isEnabled() {
        return enabled;
    }

    /** Returns true for the methods that need a token. */
    static boolean isChangeRequest(ApiRequest request) {
        return CHANGE_METHODS.contains(request.method());
    }

    @Override
    public CompletableFuture<ApiResponse> intercept(Chain chain) {
        ApiRequest request = chain.request();
        if (!enabled || !isChangeRequest(request)) {
            return chain.proceed(request).thenApply(this::watch);
        }
        return currentToken().thenCompose(current -> {
            ApiRequest withToken = current == null ? request
                    : request.withHeader(TOKEN_HEADER, current.value).withHeader(CLIENT_HEADER, clientId.toString());
            return chain.proceed(withToken);
        }).thenApply(this::watch);
    }

    /** Drops the token when the server rejected it, so the retry fetches a new one. */
    private ApiResponse watch(ApiResponse response) {
        if (RetryInterceptor.isCsrfRejection(response)) {
            token = null;
        }
        return response;
    }

    /** Returns the valid token, fetching one if there is none; null once CSRF support is off. */
    private CompletableFuture<Token> currentToken() {
        Token current = token;
        if (current != null && current.isFreshAt(sleeper.now())) {
            return CompletableFuture.completedFuture(current);
        }
        synchronized (lock) {
            if (fetching == null || fetching.isDone()) {
                fetching = fetch();
            }
            return fetching;
        }
    }

    private CompletableFuture<Token> fetch() {
        URI uri = URI.create(ApiPaths.base(apiUrl) + "/csrf-token?client=" + clientId);
        return send.apply(ApiRequest.get(uri)).handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = Futures.unwrap(failure);
                if (cause instanceof PrefectHttpStatusException && disablesCsrf((PrefectHttpStatusException) cause)) {
                    enabled = false;
                    return null;
                }
                throw cause instanceof RuntimeException ? (RuntimeException) cause
                        : new PrefectClientException("could not fetch a CSRF token from " + uri + ": " + cause, cause);
            }
            CsrfToken parsed;
            try {
                parsed = JsonCodec.standard().fromJson(response.bodyAsString(), CsrfToken.class);
            } catch (IllegalArgumentException e) {
                throw new PrefectClientException("the CSRF token from " + uri + " cannot be read: " + e.getMessage(), e);
            }
            if (parsed == null || parsed.token() == null) {
                throw new PrefectClientException("the answer of " + uri + " carries no token: " + response.bodyAsString());
            }
            Token fresh = new Token(parsed.token(), parsed.expiration() == null ? null : parsed.expiration().toInstant());
            token = fresh;
            return fresh;
        });
    }

    /** Returns true when the token endpoint's error means the server does not use CSRF tokens. */
    private static boolean disablesCsrf(PrefectHttpStatusException e) {
        return e.status() == 404 || (e.status() == 422 && e.response().bodyAsString().contains(DISABLED_MESSAGE));
    }

    @Override
    public String toString() {
        return "CSRF step";
    }

    /** A token and when it expires (null: never). */
    private static final class Token {
        final String value;
        final Instant expiration;

        Token(String value, Instant expiration) {
            this.value = value;
            this.expiration = expiration;
        }

        boolean isFreshAt(Instant now) {
            return expiration == null || now.isBefore(expiration.minus(REFRESH_MARGIN));
        }
    }
}
