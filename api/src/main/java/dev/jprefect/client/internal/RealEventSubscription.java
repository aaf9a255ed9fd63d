package dev.jprefect.client.internal;

import dev.jprefect.client.EventSubscription;
import dev.jprefect.client.PrefectClientException;
import dev.jprefect.internal.json.SchemaJson;
import dev.jprefect.client.schemas.Event;
import dev.jprefect.client.schemas.EventFilter;
import dev.jprefect.transport.MessageChannel;
import dev.jprefect.transport.StreamClosedException;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A subscription over Prefect's {@code /events/out} protocol: on the stream (subprotocol
 * {@code prefect}), an {@code auth} message answered by {@code auth_success}, then a {@code filter}
 * message whose {@code occurred} reaches back {@link #BACKFILL} as Prefect's subscriber does;
 * the server then sends {@code {"type": "event", "event": {...}}} messages.
 */
final class RealEventSubscription implements EventSubscription {

    /** How far back the server backfills: Prefect's {@code PrefectEventSubscriber} asks for one minute. */
    static final Duration BACKFILL = Duration.ofMinutes(1);

    /** The events path, under the API URL. */
    static final String EVENTS_OUT = "/events/out";

    private final MessageChannel channel;
    private final URI uri;

    private RealEventSubscription(MessageChannel channel, URI uri) {
        this.channel = channel;
        this.uri = uri;
    }

    /**
     * Authenticates on {@code channel} with {@code token} (the API key or auth string, or null) and
     * sends {@code filter}; completes once the server has accepted the authentication.
     */
    static CompletableFuture<EventSubscription> start(MessageChannel channel, URI uri, String token, EventFilter filter) {
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("type", "auth");
        auth.put("token", token);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        EventFilter since = filter.withOccurred(new EventFilter.Occurred(now.minus(BACKFILL), now.plusDays(365)));
        Map<String, Object> filterMessage = new LinkedHashMap<>();
        filterMessage.put("type", "filter");
        filterMessage.put("filter", since);
        RealEventSubscription subscription = new RealEventSubscription(channel, uri);
        return channel.send(SchemaJson.CODEC.toJson(auth))
                .thenCompose(sent -> channel.receive())
                .thenCompose(answer -> {
                    Map<?, ?> message = SchemaJson.CODEC.fromJson(answer, Map.class);
                    if (message == null || !"auth_success".equals(message.get("type"))) {
                        throw new PrefectClientException("the event stream at " + uri + " did not accept the"
                                + " authentication; it answered " + answer);
                    }
                    return channel.send(SchemaJson.CODEC.toJson(filterMessage));
                })
                .handle((ok, failure) -> {
                    if (failure != null) {
                        channel.close();
                        throw subscription.failure(failure);
                    }
                    return subscription;
                });
    }

    @Override
    public CompletableFuture<Event> next() {
        return channel.receive().handle((text, failure) -> {
            if (failure != null) {
                throw failure(failure);
            }
            EventMessage message = SchemaJson.CODEC.fromJson(text, EventMessage.class);
            if (message == null || !"event".equals(message.type()) || message.event() == null) {
                throw new PrefectClientException("unexpected message on the event stream at " + uri + ": " + text);
            }
            return message.event();
        });
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        return "EventSubscription(" + uri + ")";
    }

    /** Returns the failure of the subscription for {@code failure}: a closed stream names its code and reason. */
    private RuntimeException failure(Throwable failure) {
        Throwable cause = Futures.unwrap(failure);
        if (cause instanceof PrefectClientException) {
            return (PrefectClientException) cause;
        }
        if (cause instanceof StreamClosedException) {
            StreamClosedException closed = (StreamClosedException) cause;
            return new PrefectClientException("the event stream at " + uri + " ended: " + closed.status().code()
                    + (closed.status().reason().isEmpty() ? "" : " " + closed.status().reason()), closed);
        }
        return new PrefectClientException("the event stream at " + uri + " failed: " + cause, cause);
    }

    /** A message of the {@code /events/out} stream, read in one pass: {@code {"type": "event", "event": {...}}}. */
    record EventMessage(String type, Event event) {
    }
}
