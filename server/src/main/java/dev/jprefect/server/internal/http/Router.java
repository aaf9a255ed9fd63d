package dev.jprefect.server.internal.http;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Routes requests by method and path template, the way Starlette does: routes are tried in the
 * order they were added; the first whose template and method both match handles the request; if
 * some template matched but no method did, the answer is 405 with an {@code Allow} header;
 * otherwise 404. A template segment {@code {name}} matches any one segment, {@code {name:uuid}}
 * only a UUID as Starlette's {@code uuid} convertor reads one (32 hex digits, each of the four
 * group hyphens optional): any other text is no match, so such a path falls through to the next
 * route or to 404, as in Prefect, whose routes declare {@code {id:uuid}}. A path that matches nothing is tried once more with its trailing slash toggled.
 */
public final class Router {

    /** A route's handler. */
    @FunctionalInterface
    public interface Handler extends Function<Call, ApiResponse> {
    }

    /** One route: a method, a template such as {@code /flows/{id}}, and what handles it. */
    public record Route(String method, String template, Handler handler) {
    }

    /**
     * One segment of a template, parsed once when the route is added: a literal, or a parameter
     * ({@code name} non-null) that may have to be a UUID.
     */
    private record Segment(String literal, String name, boolean uuid) {
        static Segment parse(String text) {
            if (!(text.startsWith("{") && text.endsWith("}"))) {
                return new Segment(text, null, false);
            }
            String spec = text.substring(1, text.length() - 1);
            int colon = spec.indexOf(':');
            String name = colon < 0 ? spec : spec.substring(0, colon);
            String type = colon < 0 ? "str" : spec.substring(colon + 1);
            return new Segment(null, name, "uuid".equals(type));
        }
    }

    /** Starlette's {@code UUIDConvertor.regex}, matched against the whole segment. */
    private static final Pattern UUID_SEGMENT = Pattern.compile(
            "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");

    private final List<Route> routes = new ArrayList<>();
    private final List<Segment[]> compiled = new ArrayList<>();

    /** Adds a route; it is tried after every route added before it. */
    public Router add(String method, String template, Handler handler) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("route template must start with '/': " + template);
        }
        routes.add(new Route(method, template, handler));
        String[] texts = template.substring(1).split("/", -1);
        Segment[] segments = new Segment[texts.length];
        for (int i = 0; i < texts.length; i++) {
            segments[i] = Segment.parse(texts[i]);
        }
        compiled.add(segments);
        return this;
    }

    /** Returns the routes, in matching order. */
    public List<Route> routes() {
        return Collections.unmodifiableList(routes);
    }

    /**
     * Handles {@code request} whose path, below the API root, is {@code path} (still
     * percent-encoded), e.g. {@code /flows/name/my%20flow}.
     *
     * @throws ApiError 404 or 405 when no route takes the request
     */
    public ApiResponse dispatch(ApiRequest request, String path) {
        String method = "HEAD".equals(request.method()) ? "GET" : request.method();
        ApiResponse response = tryDispatch(request, method, path);
        if (response == null) {
            String toggled = path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/";
            if (!toggled.isEmpty()) {
                response = tryDispatch(request, method, toggled);
            }
        }
        if (response == null) {
            Set<String> allowed = allowedMethods(path);
            if (allowed.isEmpty()) {
                throw ApiError.detail(404, "Not Found");
            }
            throw ApiError.of(Responses.json(405, Map.of("detail", "Method Not Allowed")).toBuilder()
                    .header("Allow", String.join(", ", allowed)).build());
        }
        return response;
    }

    private ApiResponse tryDispatch(ApiRequest request, String method, String path) {
        String[] segments = decodePath(path).substring(1).split("/", -1);
        for (int i = 0; i < routes.size(); i++) {
            Route route = routes.get(i);
            if (!route.method.equals(method)) {
                continue;
            }
            Map<String, String> params = match(compiled.get(i), segments);
            if (params != null) {
                return route.handler.apply(new Call(request, params));
            }
        }
        return null;
    }

    private Set<String> allowedMethods(String path) {
        Set<String> allowed = new LinkedHashSet<>();
        for (String candidate : List.of(path, path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/")) {
            String[] segments = decodePath(candidate.isEmpty() ? "/" : candidate).substring(1).split("/", -1);
            for (int i = 0; i < routes.size(); i++) {
                if (match(compiled.get(i), segments) != null) {
                    allowed.add(routes.get(i).method);
                }
            }
        }
        return allowed;
    }

    /** Returns the path parameters if {@code segments} fit {@code template}, else null. */
    private static Map<String, String> match(Segment[] template, String[] segments) {
        if (template.length != segments.length) {
            return null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < template.length; i++) {
            Segment t = template[i];
            String s = segments[i];
            if (t.name != null) {
                if (s.isEmpty() || (t.uuid && !UUID_SEGMENT.matcher(s).matches())) {
                    return null;
                }
                if (params == null) {
                    params = new HashMap<>();
                }
                params.put(t.name, s);
            } else if (!t.literal.equals(s)) {
                return null;
            }
        }
        return params == null ? Map.of() : params;
    }

    /** Percent-decodes a path; unlike a query, '+' stays '+'. */
    private static String decodePath(String path) {
        return Call.decode(path.replace("+", "%2B"));
    }
}
