package dev.jprefect.client;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The client's notion of time: what time it is (for {@code Retry-After} dates and CSRF token
 * expiry) and how to wait (between retries) without blocking a thread.
 *
 * <p>The client uses {@link #system()} unless its builder is given another; a test or harness can
 * pass a virtual one to check every delay without sleeping.
 *
 * <pre>{@code
 * PrefectAsyncClient client = PrefectClientBuilder.create().sleeper(myVirtualClock).buildAsync();
 * }</pre>
 */
public interface Sleeper {

    /** Returns the current instant. */
    Instant now();

    /**
     * Returns a future that completes once {@code duration} has passed; zero or negative completes
     * at once. Must not block the caller.
     */
    CompletableFuture<Void> sleep(Duration duration);

    /** Returns the wall clock and a shared daemon scheduler. */
    static Sleeper system() {
        return dev.jprefect.client.internal.SystemSleeper.INSTANCE;
    }
}
