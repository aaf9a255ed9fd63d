package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.http.Call;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.models.EventCounts;
import dev.jprefect.server.internal.models.Events;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.transport.ApiRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /events}: record a batch of events, read them by filter a page at a time, the next page
 * of a read, and count them by time, name or resource, in Prefect's order of registration. The streams {@code /events/in} and
 * {@code /events/out} are served as streams, not routes.
 */
final class EventRoutes {
    private EventRoutes() {
    }

    static void register(Router router, Events events, Guard guard) {
        Schema.Model filterBody = Schema.object("Body_read_events_events_filter_post")
                .optional("filter", events.filterSchema().nullable(), null)
                .optional("limit", Schema.integer().atLeast(0).atMost(Events.INTERACTIVE_PAGE_SIZE),
                        (long) Events.INTERACTIVE_PAGE_SIZE);
        Schema eventsBody = events.eventsSchema();
        Schema.Model countBody = Schema.object("Body_count_account_events_events_count_by__countable__post")
                .required("filter", events.filterSchema())
                .optional("time_unit", Schema.oneOf(EventCounts.TIME_UNITS.toArray(String[]::new)), "day")
                .optional("time_interval", Schema.numberAtLeast(0.01), 1.0);
        router.add("POST", "/events", guard.versioned(call -> {
                    events.write(listOfEvents(call.body(eventsBody, true)));
                    return Responses.noContent();
                }))
                .add("POST", "/events/filter", guard.versioned(call -> {
                    Obj body = call.bodyObj(filterBody, false);
                    Map<String, Object> filter = body.map("filter");
                    if (filter == null) {
                        filter = asMap(events.filterSchema().validate(Map.of(), List.of("body", "filter")));
                    }
                    return answer(call, events.query(filter, body.integer("limit").intValue()));
                }))
                .add("POST", "/events/count-by/{countable}", guard.versioned(call -> {
                    String countable = (String) call.pathChoice("countable", Schema.oneOf(EventCounts.COUNTABLES.toArray(String[]::new)));
                    Obj body = call.bodyObj(countBody, false);
                    return Responses.ok(events.count(countable, body.map("filter"), body.string("time_unit"),
                            body.number("time_interval")));
                }))
                .add("GET", "/events/filter/next", guard.versioned(call -> {
                    Optional<Events.Page> page = pageToken(call.requiredQuery("page-token")).flatMap(events::nextPage);
                    return answer(call, page.orElseThrow(() -> ApiError.detail(403, "Forbidden")));
                }));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listOfEvents(Object validated) {
        return (List<Map<String, Object>>) validated;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object validated) {
        return (Map<String, Object>) validated;
    }

    /**
     * The page token inside a {@code page-token} parameter (Prefect's {@code verified_page_token}: it
     * is base64 again); empty if it does not decode. A {@code +} of the base64 text that the query
     * decoding turned into a space is taken back.
     */
    private static Optional<String> pageToken(String parameter) {
        try {
            String token = new String(Base64.getDecoder().decode(parameter.replace(' ', '+')), StandardCharsets.UTF_8);
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Prefect's {@code EventPage}, with the link to the next page on this server, if there is one. */
    private static dev.jprefect.transport.ApiResponse answer(Call call, Events.Page page) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("events", page.events());
        out.put("total", page.total());
        out.put("next_page", page.nextToken() == null ? null : baseUrl(call.request()) + "api/events/filter/next?page-token="
                + Base64.getEncoder().encodeToString(page.nextToken().getBytes(StandardCharsets.UTF_8)));
        return Responses.ok(out);
    }

    /**
     * Starlette's {@code request.base_url}: the scheme and authority the request was sent to (its
     * URI's, or {@code http} and the {@code Host} header for a request target that is only a path),
     * then {@code /}.
     */
    private static String baseUrl(ApiRequest request) {
        URI uri = request.uri();
        if (uri.getScheme() != null && uri.getRawAuthority() != null) {
            return uri.getScheme() + "://" + uri.getRawAuthority() + "/";
        }
        return "http://" + request.headers().first("Host").orElse("localhost") + "/";
    }
}
