package dev.jprefect.client.internal;

import dev.jprefect.client.Interceptor;
import dev.jprefect.client.Sleeper;
import dev.jprefect.internal.math.Jitter;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.TransportException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The client's retry step, after Prefect's {@code PrefectHttpxAsyncClient._send_with_retry}.
 *
 * <p>An attempt is retried when the response status is 408, 429, 502, 503 or one of
 * {@code PREFECT_CLIENT_RETRY_EXTRA_CODES}, when it is a 403 whose body says "Invalid CSRF token"
 * (the CSRF step has dropped the token, so the next attempt fetches a new one), or when the transport
 * failed with a timeout, a reset or a protocol error, or was refused after this client once got an
 * answer. At most {@code PREFECT_CLIENT_MAX_RETRIES} retries follow the first attempt, except that
 * responses carrying {@code Prefect-Maintenance: true} do not count. Between attempts it waits what
 * {@code Retry-After} asks (seconds or an HTTP date), jittered only upward, or else {@code 2^n}
 * seconds after the n-th counted attempt, jittered both ways by {@code PREFECT_CLIENT_RETRY_JITTER_FACTOR}.
 * Waits are scheduled on the {@link Sleeper}; no thread is held. Each retry logs one warning on
 * {@code dev.jprefect.client} with the request, the reason and the wait. When retries run out, the
 * last response is returned (the client then raises it) or the last transport failure is rethrown,
 * its message saying how many attempts were made over how long. So a request ends within
 * {@code (PREFECT_CLIENT_MAX_RETRIES + 1)} attempts, each bounded by {@code PREFECT_API_REQUEST_TIMEOUT},
 * and the waits between them, {@code 2 + 4 + ... + 2^PREFECT_CLIENT_MAX_RETRIES} seconds give or take
 * {@code PREFECT_CLIENT_RETRY_JITTER_FACTOR} (62 s, at most 74.4 s, with the defaults), plus what
 * {@code Retry-After} asks for.
 */
final class RetryInterceptor implements Interceptor {

    /** The statuses Prefect always retries: request timeout, rate limited, bad gateway, unavailable. */
    static final Set<Integer> RETRY_CODES = Set.of(408, 429, 502, 503);

    /** A response with this header set to {@code true} is retried without counting against the limit. */
    static final String MAINTENANCE_HEADER = "Prefect-Maintenance";

    /** The body text of the 403 that Prefect's server sends for a missing, stale or foreign token. */
    static final String CSRF_REJECTION = "Invalid CSRF token";

    private static final System.Logger LOGGER = System.getLogger("dev.jprefect.client");

    private final int maxRetries;
    private final double jitterFactor;
    private final Set<Integer> retryCodes;
    private final Sleeper sleeper;
    private final Jitter jitter;
    /** Whether any request of this client has had an answer: only then is a refused connection retried. */
    private final AtomicBoolean connected = new AtomicBoolean();

    RetryInterceptor(int maxRetries, double jitterFactor, Set<Integer> extraCodes, Sleeper sleeper, Jitter jitter) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("PREFECT_CLIENT_MAX_RETRIES must be >= 0, was " + maxRetries);
        }
        this.maxRetries = maxRetries;
        this.jitterFactor = jitterFactor;
        Set<Integer> codes = new HashSet<>(RETRY_CODES);
        codes.addAll(extraCodes);
        this.retryCodes = Set.copyOf(codes);
        this.sleeper = sleeper;
        this.jitter = jitter;
    }

    @Override
    public CompletableFuture<ApiResponse> intercept(Chain chain) {
        return new Loop(chain, connected.get()).start();
    }

    /** Returns true once a request of this client has had an answer. */
    boolean hasConnected() {
        return connected.get();
    }

    /** Returns true if a response with this status and body is to be retried. */
    boolean isRetryableStatus(ApiResponse response) {
        return retryCodes.contains(response.status()) || isCsrfRejection(response);
    }

    /** Returns true for the 403 of a rejected CSRF token. */
    static boolean isCsrfRejection(ApiResponse response) {
        return response.status() == 403 && response.bodyAsString().contains(CSRF_REJECTION);
    }

    /** Returns true if the response says the server is under maintenance. */
    static boolean isMaintenance(ApiResponse response) {
        return response.headers().first(MAINTENANCE_HEADER).map("true"::equals).orElse(false);
    }

    /**
     * Returns true if a transport failure is worth another attempt: timeouts, resets and protocol
     * errors always; a refused connection only if the client has connected before (so a wrong URL
     * fails at once, while a restarting server is waited for); a closed transport never.
     */
    static boolean isRetryableFailure(Throwable failure, boolean retryRefused) {
        if (!(failure instanceof TransportException)) {
            return false;
        }
        switch (((TransportException) failure).kind()) {
            case CONNECT_TIMEOUT:
            case READ_TIMEOUT:
            case CONNECTION_RESET:
            case PROTOCOL_ERROR:
                return true;
            case CONNECT_REFUSED:
                return retryRefused;
            default:
                return false;
        }
    }

    /** Returns the back-off after the {@code tryCount}-th counted attempt: 2^n seconds. */
    static Duration backoff(int tryCount) {
        return seconds(Math.pow(2, tryCount));
    }

    /** Returns {@code delay} spread symmetrically (mean about {@code delay}), or unchanged without jitter. */
    Duration withSymmetricJitter(Duration delay) {
        double s = toSeconds(delay);
        return s > 0 && jitterFactor > 0 ? seconds(jitter.clamped(s, jitterFactor)) : delay;
    }

    /** Returns {@code asked} lengthened by up to the jitter factor, never shortened. */
    Duration withUpwardJitter(Duration asked) {
        double s = toSeconds(asked);
        if (s <= 0 || jitterFactor <= 0) {
            return asked;
        }
        double jittered = jitter.bounded(s, s * (1 + jitterFactor));
        return seconds(Math.max(s, jittered)); // the draw is >= s; max() guards against rounding
    }

    private static double toSeconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    @Override
    public String toString() {
        return "retry step (" + maxRetries + " retries of " + new java.util.TreeSet<>(retryCodes) + ")";
    }

    /** One request's attempts. */
    private final class Loop {
        private final Chain chain;
        private final ApiRequest request;
        private final boolean retryRefused;
        private final CompletableFuture<ApiResponse> result = new CompletableFuture<>();
        private final java.time.Instant started;
        private int tryCount;

        Loop(Chain chain, boolean retryRefused) {
            this.chain = chain;
            this.request = chain.request();
            this.retryRefused = retryRefused;
            this.started = sleeper.now();
        }

        CompletableFuture<ApiResponse> start() {
            attempt();
            return result;
        }

        private void attempt() {
            CompletableFuture<ApiResponse> sent;
            try {
                sent = chain.proceed(request);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            sent.whenComplete(this::onOutcome);
        }

        private void onOutcome(ApiResponse response, Throwable failure) {
            Duration delay;
            try {
                delay = failure == null ? afterResponse(response) : afterFailure(Futures.unwrap(failure));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
                return;
            }
            if (delay != null) {
                sleeper.sleep(delay).whenComplete((ignored, sleepFailure) -> {
                    if (sleepFailure != null) {
                        result.completeExceptionally(Futures.unwrap(sleepFailure));
                    } else {
                        attempt();
                    }
                });
            }
        }

        /** Returns the wait before the next attempt, or null when the result is complete. */
        private Duration afterFailure(Throwable failure) {
            if (!isRetryableFailure(failure, retryRefused)) {
                result.completeExceptionally(failure);
                return null;
            }
            tryCount++;
            if (tryCount > maxRetries) {
                result.completeExceptionally(tryCount == 1 ? failure : gaveUp((TransportException) failure));
                return null;
            }
            Duration delay = withSymmetricJitter(backoff(tryCount));
            log(failure.getMessage(), delay);
            return delay;
        }

        /** Returns the wait before the next attempt, or null when the result is complete. */
        private Duration afterResponse(ApiResponse response) {
            if (!isMaintenance(response)) {
                tryCount++;
            }
            if (!isRetryableStatus(response) || tryCount > maxRetries) {
                connected.set(true);
                result.complete(response);
                return null;
            }
            Optional<Duration> asked = response.headers().first("Retry-After")
                    .flatMap(value -> RetryAfter.parse(value, sleeper.now()));
            Duration delay = asked.map(RetryInterceptor.this::withUpwardJitter)
                    .orElseGet(() -> withSymmetricJitter(backoff(tryCount)));
            log("answered " + response.status() + (isMaintenance(response) ? " (maintenance)" : ""), delay);
            return delay;
        }

        /** The last failure, its message saying how many attempts were made over how long, and the bound. */
        private TransportException gaveUp(TransportException last) {
            Duration spent = Duration.between(started, sleeper.now());
            String prefix = last.kind() + (last.uri() == null ? "" : " for " + last.uri()) + ": ";
            String what = last.getMessage().startsWith(prefix) ? last.getMessage().substring(prefix.length())
                    : last.getMessage(); // the new exception says its kind and URI again
            return new TransportException(last.kind(), last.uri(), what + "; gave up after "
                    + tryCount + " attempts in " + String.format(java.util.Locale.ROOT, "%.1f", toSeconds(spent))
                    + " s (PREFECT_CLIENT_MAX_RETRIES=" + maxRetries + ")", last);
        }

        /** One warning per retry: what failed, why, and when the next attempt goes. */
        private void log(String why, Duration delay) {
            LOGGER.log(Level.WARNING, () -> request.method() + " " + request.uri() + " failed (" + why
                    + "); retry " + tryCount + " of " + maxRetries + " in "
                    + String.format(java.util.Locale.ROOT, "%.1f", toSeconds(delay)) + " s");
        }
    }
}
