package dev.jprefect.server.internal.http;

import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Cross-origin resource sharing around the whole server (API and UI), as Prefect's server does it:
 * Starlette's {@code CORSMiddleware} with the lists of {@code PREFECT_SERVER_API_CORS_ALLOWED_ORIGINS},
 * {@code _METHODS} and {@code _HEADERS} (each {@code *} by default), no credentials, nothing
 * exposed, preflights cached for {@value #MAX_AGE_SECONDS} seconds.
 *
 * <p>A preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) is
 * answered here, 200 "OK" or 400 "Disallowed CORS origin, method, headers"; every other request goes
 * to the app, and its response gets {@code Access-Control-Allow-Origin} when the request had an
 * {@code Origin} that is allowed. Prefect's UI needs this when served from another origin: it sends
 * {@code X-PREFECT-UI: true} on every call, so each call is preflighted.
 */
public final class Cors {
    /** Starlette's {@code max_age} default, which Prefect keeps. */
    static final int MAX_AGE_SECONDS = 600;
    /** What {@code *} in the methods setting stands for (Starlette's {@code ALL_METHODS}). */
    private static final List<String> ALL_METHODS = List.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "QUERY");
    /** Headers a browser may always send; Starlette allows them whatever the setting says. */
    private static final List<String> SAFELISTED_HEADERS = List.of("Accept", "Accept-Language", "Content-Language", "Content-Type");
    private static final String PREFLIGHT_VARY =
            "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network";

    private final List<String> allowOrigins;
    private final List<String> allowMethods;
    /** The allowed headers, lower case, safelisted ones included; empty when all are allowed. */
    private final List<String> allowHeaders;
    private final boolean allOrigins;
    private final boolean allHeaders;
    /** The {@code Access-Control-Allow-Headers} of a preflight when the setting lists headers. */
    private final String allowHeadersText;

    /**
     * Reads the three CORS settings once.
     *
     * @throws dev.jprefect.settings.InvalidSettingException if one has a bad value, naming it
     */
    public Cors(Settings settings) {
        this.allowOrigins = settings.get(Setting.SERVER_API_CORS_ALLOWED_ORIGINS);
        List<String> methods = settings.get(Setting.SERVER_API_CORS_ALLOWED_METHODS);
        this.allowMethods = methods.contains("*") ? ALL_METHODS : methods;
        List<String> headers = settings.get(Setting.SERVER_API_CORS_ALLOWED_HEADERS);
        this.allOrigins = allowOrigins.contains("*");
        this.allHeaders = headers.contains("*");
        TreeSet<String> sorted = new TreeSet<>(SAFELISTED_HEADERS); // Python's sorted(): code point order
        sorted.addAll(headers);
        this.allowHeadersText = String.join(", ", sorted);
        List<String> lower = new ArrayList<>();
        sorted.forEach(h -> lower.add(h.toLowerCase(Locale.ROOT)));
        this.allowHeaders = List.copyOf(lower);
    }

    /** Answers a preflight itself; passes any other request to {@code app} and adds the CORS headers. */
    public ApiResponse handle(ApiRequest request, Function<ApiRequest, ApiResponse> app) {
        Optional<String> origin = request.headers().first("Origin");
        if (origin.isPresent() && "OPTIONS".equals(request.method())
                && request.headers().contains("Access-Control-Request-Method")) {
            return preflight(request.headers(), origin.get());
        }
        ApiResponse response = app.apply(request);
        Headers.Builder headers = response.headers().toBuilder();
        if (origin.isPresent() && allOrigins) {
            headers.set("Access-Control-Allow-Origin", "*");
        } else if (origin.isPresent() && allowOrigins.contains(origin.get())) {
            headers.set("Access-Control-Allow-Origin", origin.get());
        }
        List<String> vary = new ArrayList<>(response.headers().all("Vary")); // Starlette adds Origin to every response's Vary
        vary.add("Origin");
        headers.set("Vary", String.join(", ", vary));
        return response.toBuilder().headers(headers.build()).build();
    }

    private ApiResponse preflight(Headers request, String origin) {
        String method = request.first("Access-Control-Request-Method").orElseThrow();
        Optional<String> requestedHeaders = request.first("Access-Control-Request-Headers");
        Headers.Builder response = Headers.builder().add("Vary", PREFLIGHT_VARY);
        List<String> failures = new ArrayList<>();
        if (allOrigins) {
            response.add("Access-Control-Allow-Origin", "*");
        } else if (allowOrigins.contains(origin)) {
            response.add("Access-Control-Allow-Origin", origin);
        } else {
            failures.add("origin");
        }
        response.add("Access-Control-Allow-Methods", String.join(", ", allowMethods))
                .add("Access-Control-Max-Age", Integer.toString(MAX_AGE_SECONDS));
        if (!allHeaders) {
            response.add("Access-Control-Allow-Headers", allowHeadersText);
        }
        if (!allowMethods.contains(method)) {
            failures.add("method");
        }
        if (allHeaders && requestedHeaders.isPresent()) {
            response.set("Access-Control-Allow-Headers", requestedHeaders.get()); // mirrored back
        } else if (requestedHeaders.isPresent()) {
            for (String header : requestedHeaders.get().split(",", -1)) {
                if (!allowHeaders.contains(header.toLowerCase(Locale.ROOT).strip())) {
                    failures.add("headers");
                    break;
                }
            }
        }
        if (request.contains("Access-Control-Request-Private-Network")) {
            failures.add("private-network"); // Prefect does not allow private-network preflights
        }
        String text = failures.isEmpty() ? "OK" : "Disallowed CORS " + String.join(", ", failures);
        return ApiResponse.builder(failures.isEmpty() ? 200 : 400)
                .headers(response.set("Content-Type", "text/plain; charset=utf-8").build())
                .body(text)
                .build();
    }
}
