package dev.jprefect.server;

import dev.jprefect.server.internal.json.Json;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.RequestHandler;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Calls a server's handler directly, as a client would over HTTP: JSON in, JSON out. Every
 * exchange is recorded for the conformance test.
 */
final class TestClient {
    private final RequestHandler server;

    TestClient(RequestHandler server) {
        this.server = server;
    }

    /** The answer to one request: status, headers and the body parsed as JSON (null if empty). */
    record Reply(int status, ApiResponse response, Object json) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map() {
            return (Map<String, Object>) json;
        }

        @SuppressWarnings("unchecked")
        List<Object> list() {
            return (List<Object>) json;
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> maps() {
            return (List<Map<String, Object>>) json;
        }

        /** Returns the value at a dotted path of the body, e.g. {@code "state.type"}; a number indexes a list. */
        Object at(String path) {
            Object at = json;
            for (String key : path.split("\\.")) {
                at = at instanceof List<?> list ? list.get(Integer.parseInt(key)) : ((Map<?, ?>) at).get(key);
            }
            return at;
        }

        String string(String path) {
            return (String) at(path);
        }

        String text() {
            return response.bodyAsString();
        }
    }

    Reply get(String path) {
        return send("GET", path, null, Map.of());
    }

    Reply post(String path, Object body) {
        return send("POST", path, body, Map.of());
    }

    Reply patch(String path, Object body) {
        return send("PATCH", path, body, Map.of());
    }

    Reply delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    /** Sends a request whose body is a JSON tree, or raw text if {@code body} is a {@link Raw}. */
    Reply send(String method, String path, Object body, Map<String, String> headers) {
        ApiRequest.Builder b = ApiRequest.builder(method, URI.create("http://test" + path));
        headers.forEach(b::header);
        if (body instanceof Raw) {
            b.header("Content-Type", "application/json").body(((Raw) body).text());
        } else if (body != null) {
            b.header("Content-Type", "application/json").body(Json.write(body));
        }
        ApiResponse response = server.handle(b.build());
        String text = response.bodyAsString();
        int q = path.indexOf('?');
        Exchanges.record(new Exchanges.Exchange(method, q < 0 ? path : path.substring(0, q), response.status(), text));
        return new Reply(response.status(), response, text.isEmpty() ? null : Json.parse(text));
    }

    /** A body sent as is, e.g. malformed JSON. */
    record Raw(String text) {
    }
}
