package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.json.Json;
import dev.jprefect.server.internal.models.Events;
import dev.jprefect.server.internal.schema.Problem;
import dev.jprefect.server.internal.schema.ValidationException;
import dev.jprefect.transport.CloseStatus;
import dev.jprefect.transport.MessageChannel;
import dev.jprefect.transport.StreamHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The event streams, {@code /events/in} and {@code /events/out}, with Prefect's protocol
 * ({@code server/api/events.py}, {@code server/utilities/subscriptions.py}):
 *
 * <ul>
 *   <li>a client that offers the {@code prefect} subprotocol first sends {@code {"type": "auth",
 *       "token": ...}}, answered by {@code {"type": "auth_success"}}; anything else is closed with
 *       1008 "Expected 'auth' message", and with {@code PREFECT_SERVER_API_AUTH_STRING} set, a
 *       missing token with 1008 "Auth required but no token provided", a wrong one with 1008
 *       "Invalid token". A client without the subprotocol is served without the handshake (Prefect's
 *       legacy mode), unless an auth string is set (1002);
 *   <li>{@code /events/in} then takes one event per message; an event that does not validate
 *       closes the stream with 1011 and the first problem as the reason;
 *   <li>{@code /events/out} then takes {@code {"type": "filter", "filter": {...}, "backfill": true}}
 *       (else 1002 "Expected 'filter' message"; a filter that does not validate: 1002 "Invalid
 *       filter: ..."), subscribes, sends the stored events the filter selects (at most
 *       {@code PREFECT_SERVER_EVENTS_MAXIMUM_WEBSOCKET_BACKFILL} back, oldest first), then the live
 *       ones, each as {@code {"type": "event", "event": {...}}}. A subscriber with more than
 *       {@code PREFECT_SERVER_EVENTS_SUBSCRIBER_BACKLOG} events waiting is closed with 1008
 *       "subscriber too slow" (Prefect drops its events instead), so the server's memory stays bounded.
 * </ul>
 *
 * Nothing here blocks: each step continues from the channel's futures.
 */
final class EventStreams {
    /** The subprotocol of Prefect's streams. */
    static final String SUBPROTOCOL = "prefect";
    /** The reason a subscriber that does not keep up is closed with. */
    static final String TOO_SLOW = "subscriber too slow";

    private static final System.Logger LOG = System.getLogger(EventStreams.class.getName());

    private final Events events;
    private final Optional<String> authString;
    private final int backlog;
    private final InstantSource clock;

    EventStreams(Events events, ServerSettings settings, int backlog, InstantSource clock) {
        this.events = events;
        this.authString = settings.authString;
        this.backlog = backlog;
        this.clock = clock;
    }

    /** Returns the handler of the stream at {@code path} (below the API root), or null if none is there. */
    StreamHandler handlerFor(String path) {
        return switch (path) {
            case "/events/in" -> handler(this::streamIn);
            case "/events/out" -> handler(this::streamOut);
            default -> null;
        };
    }

    private StreamHandler handler(Consumer<MessageChannel> afterAuth) {
        return new StreamHandler() {
            @Override
            public void opened(MessageChannel channel) {
                accept(channel, afterAuth);
            }

            @Override
            public String subprotocol() {
                return SUBPROTOCOL;
            }
        };
    }

    /** Prefect's {@code accept_prefect_socket}: the subprotocol and auth handshake, then {@code afterAuth}. */
    private void accept(MessageChannel channel, Consumer<MessageChannel> afterAuth) {
        if (!SUBPROTOCOL.equals(channel.subprotocol())) {
            if (authString.isPresent()) {
                close(channel, CloseStatus.PROTOCOL_ERROR, "'prefect' subprotocol required when auth is configured");
            } else {
                afterAuth.accept(channel); // Prefect's legacy mode: no handshake
            }
            return;
        }
        channel.receive().thenAccept(text -> {
            Map<?, ?> message = object(text);
            if (message == null || !"auth".equals(message.get("type"))) {
                close(channel, CloseStatus.POLICY_VIOLATION, "Expected 'auth' message");
                return;
            }
            if (authString.isPresent()) {
                Object token = message.get("token");
                if (!(token instanceof String t) || t.isEmpty()) {
                    close(channel, CloseStatus.POLICY_VIOLATION, "Auth required but no token provided");
                    return;
                }
                if (!MessageDigest.isEqual(t.getBytes(StandardCharsets.UTF_8),
                        authString.get().getBytes(StandardCharsets.UTF_8))) {
                    close(channel, CloseStatus.POLICY_VIOLATION, "Invalid token");
                    return;
                }
            }
            channel.send("{\"type\":\"auth_success\"}").thenRun(() -> afterAuth.accept(channel));
        });
    }

    // ---- /events/in -------------------------------------------------------------------------

    private void streamIn(MessageChannel channel) {
        channel.receive().thenAccept(text -> {
            Map<String, Object> event;
            try {
                event = asMap(events.eventSchema().validate(Json.parse(text), List.of()));
            } catch (ValidationException e) {
                Problem first = e.problems().get(0);
                close(channel, CloseStatus.INTERNAL_ERROR, "Invalid event: " + first.loc() + " " + first.msg());
                return;
            } catch (RuntimeException e) { // not JSON
                close(channel, CloseStatus.INTERNAL_ERROR, "Invalid event: not JSON");
                return;
            }
            try {
                events.write(List.of(event));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "writing an event from /events/in failed", e);
                close(channel, CloseStatus.INTERNAL_ERROR, "Internal Server Error");
                return;
            }
            streamIn(channel);
        });
    }

    // ---- /events/out ------------------------------------------------------------------------

    private void streamOut(MessageChannel channel) {
        channel.receive().thenAccept(text -> {
            Map<?, ?> message = object(text);
            if (message == null || !"filter".equals(message.get("type"))) {
                close(channel, CloseStatus.PROTOCOL_ERROR, "Expected 'filter' message");
                return;
            }
            Map<String, Object> filter;
            try {
                if (!message.containsKey("filter")) {
                    throw new IllegalArgumentException("'filter'");
                }
                filter = asMap(events.filterSchema().validate(message.get("filter"), List.of()));
            } catch (ValidationException e) {
                close(channel, CloseStatus.PROTOCOL_ERROR, "Invalid filter: " + e.problems().get(0).loc() + " "
                        + e.problems().get(0).msg());
                return;
            } catch (IllegalArgumentException e) {
                close(channel, CloseStatus.PROTOCOL_ERROR, "Invalid filter: " + e.getMessage());
                return;
            }
            boolean backfill = !Boolean.FALSE.equals(message.get("backfill"));
            new Subscription(channel, clamped(filter), backfill).start();
        });
    }

    /** The filter with {@code occurred.since} no further back than the backfill allows, and oldest first. */
    private Map<String, Object> clamped(Map<String, Object> filter) {
        Map<String, Object> out = new LinkedHashMap<>(filter);
        Map<String, Object> occurred = new LinkedHashMap<>(asMap(filter.get("occurred")));
        Instant earliest = clock.instant().minus(events.limits().maximumBackfill());
        Instant since = (Instant) occurred.get("since");
        occurred.put("since", since.isBefore(earliest) ? earliest : since);
        out.put("occurred", occurred);
        out.put("order", "ASC");
        return out;
    }

    /**
     * One subscriber of {@code /events/out}: live events wait while the stored ones are sent; a
     * live event already sent by the backfill is skipped; more than the backlog waiting (or
     * unsent) closes it.
     */
    private final class Subscription {
        private final MessageChannel channel;
        private final Map<String, Object> filter;
        private final boolean backfill;
        private final Set<Object> backfilled = new HashSet<>();
        private final ArrayDeque<Map<String, Object>> waiting = new ArrayDeque<>();
        private boolean backfilling;
        private int unsent;
        private boolean ended;
        private Events.Subscriber subscriber;

        Subscription(MessageChannel channel, Map<String, Object> filter, boolean backfill) {
            this.channel = channel;
            this.filter = filter;
            this.backfill = backfill;
        }

        void start() {
            synchronized (this) {
                backfilling = backfill;
            }
            subscriber = events.subscribe(filter, this::live); // subscribe first, so nothing falls between
            channel.closed().thenRun(this::end);
            ignoreFurtherMessages();
            if (backfill) {
                sendPage(events.query(filter, events.limits().backfillPageSize()));
            }
        }

        /** Sends one backfill page, then the next when it has left, then the live events that waited. */
        private void sendPage(Events.Page page) {
            CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
            for (Object e : page.events()) {
                Map<String, Object> event = asMap(e);
                synchronized (this) {
                    backfilled.add(event.get("id"));
                }
                last = channel.send(message(event));
            }
            last.whenComplete((v, failure) -> {
                if (failure != null) {
                    end();
                } else if (page.nextToken() != null) {
                    events.nextPage(page.nextToken()).ifPresentOrElse(this::sendPage, this::live);
                } else {
                    live();
                }
            });
        }

        /** The backfill is done: sends the live events that waited for it, from now on as they come. */
        private synchronized void live() {
            backfilling = false;
            while (!waiting.isEmpty() && !ended) {
                send(waiting.poll());
            }
        }

        /** A live event: sent, or kept while the backfill runs. */
        private synchronized void live(Map<String, Object> event) {
            if (ended) {
                return;
            }
            if (backfilling) {
                if (waiting.size() >= backlog) {
                    tooSlow();
                } else {
                    waiting.add(event);
                }
                return;
            }
            send(event);
        }

        private synchronized void send(Map<String, Object> event) {
            if (backfill && backfilled.remove(event.get("id"))) {
                return;
            }
            if (unsent >= backlog) {
                tooSlow();
                return;
            }
            unsent++;
            channel.send(message(event)).whenComplete((v, failure) -> sent(failure));
        }

        private synchronized void sent(Throwable failure) {
            unsent--;
            if (failure != null) {
                end();
            }
        }

        private void tooSlow() {
            close(channel, CloseStatus.POLICY_VIOLATION, TOO_SLOW);
            end();
        }

        private synchronized void end() {
            ended = true;
            waiting.clear();
            if (subscriber != null) {
                subscriber.close();
            }
        }

        /** Prefect reads nothing more from a subscriber; its messages are taken and dropped, so its queue stays empty. */
        private void ignoreFurtherMessages() {
            channel.receive().whenComplete((text, failure) -> {
                if (failure == null) {
                    ignoreFurtherMessages();
                }
            });
        }
    }

    private static String message(Map<String, Object> event) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "event");
        out.put("event", event);
        return Json.write(out);
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** Returns the message as a JSON object, or null if it is not one. */
    private static Map<?, ?> object(String text) {
        try {
            Object parsed = Json.parse(text);
            return parsed instanceof Map<?, ?> m ? m : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Closes {@code channel} with {@code reason} cut to what a close frame may carry. */
    static void close(MessageChannel channel, int code, String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        String cut = reason;
        if (bytes.length > CloseStatus.MAX_REASON_BYTES) {
            cut = new String(bytes, 0, CloseStatus.MAX_REASON_BYTES, StandardCharsets.UTF_8);
            while (cut.getBytes(StandardCharsets.UTF_8).length > CloseStatus.MAX_REASON_BYTES) {
                cut = cut.substring(0, cut.length() - 1);
            }
        }
        channel.close(code, cut);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }
}
