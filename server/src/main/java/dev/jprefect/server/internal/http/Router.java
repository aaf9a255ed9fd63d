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

/**
 * Routes requests by method and path template, the way Starlette does: routes are tried in the
 * order they were added; the first whose template and method both match handles the request; if
 * some template matched but no method did, the answer is 405 with an {@code Allow} header;
 * otherwise 404. A template segment {@code {name}} matches any one segment, {@code {name:uuid}}
 * only a UUID. A path that matches nothing is tried once more with its trailing slash toggled.
 */
public final class Router {

    /** A route's handler. */
    @FunctionalInterface
    public interface Handler extends Function<Call, ApiResponse> {
    }

    /** One route: a method, a template such as {@code /flows/{id}}, and what handles it. */
    public record Route(String method, String template, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final List<String[]> compiled = new ArrayList<>();

    /** Adds a route; it is tried after every route added before it. */
    public Router add(String method, String template, Handler handler) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("route template must start with '/': " + template);
        }
        routes.add(new Route(method, template, handler));
        compiled.add(template.substring(1).split("/", -1));
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
    private static Map<String, String> match(String[] template, String[] segments) {
        if (template.length != segments.length) {
            return null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            String s = segments[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                String spec = t.substring(1, t.length() - 1);
                int colon = spec.indexOf(':');
                String name = colon < 0 ? spec : spec.substring(0, colon);
                String type = colon < 0 ? "str" : spec.substring(colon + 1);
                if (s.isEmpty() || ("uuid".equals(type) && !Call.isUuid(s))) {
                    return null;
                }
                if (params == null) {
                    params = new HashMap<>();
                }
                params.put(name, s);
            } else if (!t.equals(s)) {
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
