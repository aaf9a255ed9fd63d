package dev.jprefect.server.internal.http;

import dev.jprefect.server.internal.json.Json;
import dev.jprefect.server.internal.json.JsonLimitException;
import dev.jprefect.server.internal.json.JsonSyntaxException;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Problem;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.schema.ValidationException;
import dev.jprefect.transport.ApiRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One request being handled by a route: the request, its path parameters and query, and readers
 * that validate path, query and body values, answering Prefect's 422 when they are wrong (with
 * the body as FastAPI read it, once a route has read it).
 */
public final class Call {
    private static final List<Object> BODY = List.of("body");

    private final ApiRequest request;
    private final Map<String, String> pathParams;
    private final Map<String, List<String>> query;
    /** The body as FastAPI hands it to the validation error: null until read, or if none was sent. */
    private Object sentBody;
    /** Problems of path parameters read by {@link #pathChoice}, answered with the body's, as FastAPI gathers them. */
    private final List<Problem> pathProblems = new ArrayList<>();

    Call(ApiRequest request, Map<String, String> pathParams) {
        this.request = request;
        this.pathParams = pathParams;
        this.query = parseQuery(request.rawQuery());
    }

    /** Returns the request. */
    public ApiRequest request() {
        return request;
    }

    /** Returns the path parameter {@code name} as sent (percent-decoded). */
    public String path(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no path parameter " + name);
        }
        return value;
    }

    /**
     * Returns the path parameter {@code name} validated by {@code schema} (an enum's choice), or null
     * if it does not validate: its problem is then answered when the route reads its body, before
     * the body's own, as FastAPI reports path and body problems together.
     */
    public Object pathChoice(String name, Schema schema) {
        try {
            return schema.validate(path(name), List.of("path", name));
        } catch (ValidationException e) {
            pathProblems.addAll(e.problems());
            return null;
        }
    }

    /**
     * Returns the path parameter {@code name} of a {@code {name:uuid}} segment as a UUID. The
     * router matched it as Starlette does (its group hyphens optional), so it is read as the 32 hex
     * digits it holds, as Python's {@code uuid.UUID} reads it.
     */
    public UUID pathUuid(String name) {
        return uuid(path(name).replace("-", ""), List.of("path", name));
    }

    /** Returns the query parameter {@code name}, or answers 422 if it is missing. */
    public String requiredQuery(String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            throw ApiError.validation(List.of(new Problem(List.of("query", name), "Field required", "missing", null, null)),
                    sentBody);
        }
        return values.get(values.size() - 1);
    }

    /** Returns the query parameter {@code name} as a date-time, {@code ifAbsent} when it is not sent, or answers 422. */
    public Instant queryDateTime(String name, Instant ifAbsent) {
        return (Instant) query(name, Schema.dateTime(), ifAbsent);
    }

    /** Returns the query parameter {@code name} as a boolean (as FastAPI reads one), {@code ifAbsent} when it is not sent, or answers 422. */
    public boolean queryBool(String name, boolean ifAbsent) {
        return (Boolean) query(name, Schema.bool(), ifAbsent);
    }

    /** Returns the query parameter {@code name}, or null when it is not sent. */
    public String query(String name) {
        return (String) query(name, Schema.string(), null);
    }

    private Object query(String name, Schema schema, Object ifAbsent) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return ifAbsent;
        }
        try {
            return schema.validate(values.get(values.size() - 1), List.of("query", name));
        } catch (ValidationException e) {
            throw ApiError.validation(e.problems(), sentBody);
        }
    }

    /** Returns the query parameter {@code name} as a UUID, or answers 422. */
    public UUID requiredQueryUuid(String name) {
        return uuid(requiredQuery(name), List.of("query", name));
    }

    /**
     * Returns the JSON body validated by {@code schema}, or answers 422 for malformed JSON, a missing
     * required body, or any problem the schema finds (locations start with {@code "body"}).
     *
     * @param required whether an empty body is an error; if not, it reads as {@code {}}
     */
    public Object body(Schema schema, boolean required) {
        Object tree;
        byte[] bytes = request.body();
        if (isBlank(bytes)) {
            if (required) {
                throw ApiError.validation(withPathProblems(List.of(new Problem(BODY, "Field required", "missing", null, null))),
                        null);
            }
            tree = Map.of();
        } else {
            try {
                tree = Json.parse(bytes);
                sentBody = tree;
            } catch (JsonSyntaxException e) {
                throw ApiError.validation(List.of(new Problem(List.of("body", e.position()), "JSON decode error",
                        "json_invalid", Map.of(), Map.of("error", e.error()))), new String(bytes, StandardCharsets.UTF_8));
            } catch (JsonLimitException e) {
                throw ApiError.detail(400, "There was an error parsing the body");
            }
        }
        Object valid;
        try {
            valid = schema.validate(tree, BODY);
        } catch (ValidationException e) {
            throw ApiError.validation(withPathProblems(e.problems()), sentBody);
        }
        if (!pathProblems.isEmpty()) {
            throw ApiError.validation(List.copyOf(pathProblems), sentBody);
        }
        return valid;
    }

    private List<Problem> withPathProblems(List<Problem> bodyProblems) {
        List<Problem> all = new ArrayList<>(pathProblems);
        all.addAll(bodyProblems);
        return all;
    }

    /** Returns true if {@code bytes} are empty or only JSON whitespace. */
    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Returns the object body validated by {@code schema}, as {@link #body(Schema, boolean)}. */
    public Obj bodyObj(Schema schema, boolean required) {
        return Obj.of(body(schema, required));
    }

    private UUID uuid(String text, List<Object> loc) {
        try {
            return (UUID) Schema.uuid().validate(text, loc);
        } catch (ValidationException e) {
            throw ApiError.validation(e.problems(), sentBody);
        }
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return out;
    }

    static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a stray '%' is kept literally, as Starlette does
        }
    }
}
