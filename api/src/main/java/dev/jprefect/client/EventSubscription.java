package dev.jprefect.client;

import dev.jprefect.client.schemas.Event;
import java.util.concurrent.CompletableFuture;

/**
 * A live subscription to the server's events ({@code /events/out}): the events that match its
 * filter, the ones of the last minute first (Prefect's backfill), then each as it happens.
 *
 * <p>Get one with {@link PrefectAsyncClient#subscribeEvents} or {@link PrefectClient#subscribeEvents};
 * it works over every transport with streams (the in-memory and HTTP ones). Close it when done.
 *
 * <pre>{@code
 * try (EventSubscription events = client.subscribeEvents(EventFilter.all()
 *         .withEvent(EventFilter.Name.prefix("prefect.flow-run.")))) {
 *     Event first = events.next().get(30, TimeUnit.SECONDS);
 * }
 * }</pre>
 */
public interface EventSubscription extends AutoCloseable {

    /**
     * Returns the next event. The future fails with a {@link PrefectClientException} once the
     * subscription has ended (closed by either side, or the connection dropped), naming the close
     * code and reason. One {@code next()} may be pending at a time.
     */
    CompletableFuture<Event> next();

    /** Ends the subscription. Idempotent. */
    @Override
    void close();
}
