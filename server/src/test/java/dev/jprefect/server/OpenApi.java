package dev.jprefect.server;

import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.json.Json;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.schema.Uuids;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;

/**
 * Prefect's OpenAPI document, generated at build time from the pinned Prefect by
 * {@code build-support/provision-prefect.sh} (never committed), with a JSON Schema checker for response bodies:
 * {@code $ref}, {@code type}, {@code required}, {@code properties}, {@code additionalProperties},
 * {@code items}, {@code anyOf}/{@code oneOf}/{@code allOf}, {@code enum}, {@code const}, and the
 * formats {@code uuid} and {@code date-time}. It is stricter than JSON Schema in one way: an object
 * may not carry a property its schema does not declare, so a misspelt field name is caught.
 *
 * <p>{@link #checkResponse} is the one rule for what a response of Prefect's API must look like; the
 * server's {@code ConformanceTest} applies it to the server tests' traffic and the differential suite
 * (integration-tests, through this module's test jar) to both servers' answers.
 */
public final class OpenApi {
    /** The system property naming the build's {@code prefect.properties} (see the root pom). */
    private static final String PROPERTIES = "jprefect.prefect.properties";

    private final Map<String, Object> document;

    private OpenApi(Map<String, Object> document) {
        this.document = document;
    }

    /**
     * Loads the document the build generated. Where the build could not provision Prefect (no
     * python3 or PyPI on a developer's machine) the calling test is skipped with the build's reason;
     * under {@code CI=true} it fails instead.
     */
    @SuppressWarnings("unchecked")
    public static OpenApi load() throws IOException {
        String file = System.getProperty(PROPERTIES);
        Properties build = new Properties();
        String reason;
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            reason = "the build did not provision Prefect (no " + file + "; run the tests through Maven)";
        } else {
            try (Reader in = Files.newBufferedReader(Path.of(file))) {
                build.load(in);
            }
            if (Boolean.parseBoolean(build.getProperty("available"))) {
                return new OpenApi((Map<String, Object>) Json.parse(Files.readString(Path.of(build.getProperty("openapi")))));
            }
            reason = build.getProperty("reason");
        }
        String line = "Prefect's OpenAPI document is unavailable: " + reason;
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(line + " (CI=true: this fails instead of skipping)");
        }
        Assumptions.abort("skipped: " + line);
        throw new AssertionError("unreachable");
    }

    /** Returns the paths, each with its operations by lower-case method. */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> paths() {
        return (Map<String, Map<String, Object>>) document.get("paths");
    }

    /** Returns the template of {@code paths()} that {@code path} fits, preferring literal segments. */
    public Optional<String> templateOf(String path) {
        String[] segments = path.split("/", -1);
        String best = null;
        int bestLiterals = -1;
        for (String template : paths().keySet()) {
            String[] t = template.split("/", -1);
            if (t.length != segments.length) {
                continue;
            }
            int literals = 0;
            boolean fits = true;
            for (int i = 0; i < t.length && fits; i++) {
                if (t[i].startsWith("{")) {
                    fits = !segments[i].isEmpty();
                } else {
                    fits = t[i].equals(segments[i]);
                    literals++;
                }
            }
            if (fits && literals > bestLiterals) {
                best = template;
                bestLiterals = literals;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Returns, as JSON text, a copy of the document with only the operations {@code server} serves
     * (its routes, {@code {id:uuid}} read as {@code {id}}), for tools that test a server against it.
     */
    public String servedBy(PrefectServer server) {
        Map<String, Map<String, Object>> served = new TreeMap<>();
        for (Router.Route route : server.routes()) {
            String template = route.template().replace(":uuid}", "}");
            String method = route.method().toLowerCase();
            Object operation = paths().getOrDefault(template, Map.of()).get(method);
            if (operation != null) {
                served.computeIfAbsent(template, t -> new LinkedHashMap<>()).put(method, operation);
            }
        }
        Map<String, Object> copy = new LinkedHashMap<>(document);
        copy.put("paths", served);
        return Json.write(copy);
    }

    /** Returns the schema of the JSON request body of {@code method} on {@code template}, if it has one. */
    @SuppressWarnings("unchecked")
    public Optional<Object> requestSchema(String template, String method) {
        Map<String, Object> op = (Map<String, Object>) paths().getOrDefault(template, Map.of()).get(method.toLowerCase());
        Object body = op == null ? null : op.get("requestBody");
        if (body == null) {
            return Optional.empty();
        }
        Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) body).get("content");
        Object json = content == null ? null : content.get("application/json");
        return json == null ? Optional.empty() : Optional.ofNullable(((Map<String, Object>) json).get("schema"));
    }

    /** Returns {@code schema} with its {@code $ref} followed (repeatedly), or {@code schema} itself. */
    @SuppressWarnings("unchecked")
    public Object deref(Object schema) {
        Object at = schema;
        while (at instanceof Map && ((Map<String, Object>) at).containsKey("$ref")) {
            at = resolve((String) ((Map<String, Object>) at).get("$ref"));
        }
        return at;
    }

    /**
     * Returns the schema of the documented response to {@code method} on {@code template} with
     * {@code status}; a 201 or 200 falls back to the operation's other 2xx response, as Prefect's
     * routes answer 201 or 200 under one documented success code. Empty if nothing is documented.
     */
    @SuppressWarnings("unchecked")
    public Optional<Object> responseSchema(String template, String method, int status) {
        Map<String, Object> op = (Map<String, Object>) paths().get(template).get(method.toLowerCase());
        if (op == null) {
            return Optional.empty();
        }
        Map<String, Object> responses = (Map<String, Object>) op.get("responses");
        Object response = responses.get(String.valueOf(status));
        if (response == null && status / 100 == 2) {
            for (String code : List.of("200", "201")) {
                if (responses.containsKey(code)) {
                    response = responses.get(code);
                    break;
                }
            }
        }
        if (response == null) {
            return Optional.empty();
        }
        Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) response).get("content");
        if (content == null) {
            return Optional.of(Map.of("type", "null"));
        }
        return Optional.of(((Map<String, Object>) content.get("application/json")).get("schema"));
    }

    /**
     * What checking one response found: the documented operation and status it was checked against
     * ({@code "POST /flows/ 201"}), or null when the body is an error detail that the document does
     * not describe (FastAPI's {@code HTTPException} bodies) and was checked for that form only; and
     * every problem found, each naming the request and the JSON path.
     */
    public record Verdict(String operation, List<String> problems) {
    }

    /**
     * Checks one response of Prefect's API, {@code path} below {@code /api} (query string allowed)
     * and the body as received, against the document: an empty body only for 204 and {@code HEAD}; an error Prefect raises as
     * an {@code HTTPException} (not in the document) must be {@code {"detail": <text>}} or Prefect
     * middleware's {@code {"exception_message": <text>}}; a 422 must be Prefect's
     * {@code validation_exception_handler} body ({@code exception_message}, {@code exception_detail},
     * {@code request_body}), its {@code exception_detail} checked as the document's
     * {@code HTTPValidationError.detail}; anything else against the schema documented for the
     * operation and status ({@code $ref}s resolved).
     */
    public Verdict checkResponse(String method, String path, int status, String text) {
        String request = method + " " + path + " " + status;
        List<String> problems = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            if (!(status == 204 || "HEAD".equals(method))) {
                problems.add(request + ": empty body");
            }
            return new Verdict(null, problems);
        }
        Object body;
        try {
            body = Json.parse(text); // the server's codec: an integer stays an integer
        } catch (RuntimeException e) {
            problems.add(request + ": not JSON: " + text);
            return new Verdict(null, problems);
        }
        if (isHttpException(status, body)) {
            return new Verdict(null, problems);
        }
        String below = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        Optional<String> template = templateOf(below)
                .or(() -> templateOf(below.endsWith("/") ? below.substring(0, below.length() - 1) : below + "/"));
        Optional<Object> schema = template.flatMap(t -> responseSchema(t, method, status));
        if (schema.isEmpty() && status == 422) {
            schema = Optional.of(Map.of("$ref", "#/components/schemas/HTTPValidationError"));
        }
        if (schema.isEmpty()) {
            problems.add(request + ": no documented response to check against");
            return new Verdict(null, problems);
        }
        Object checked = body;
        if (status == 422) {
            if (!(body instanceof Map<?, ?> map)
                    || !map.keySet().equals(Set.of("exception_message", "exception_detail", "request_body"))
                    || !"Invalid request received.".equals(map.get("exception_message"))) {
                problems.add(request + ": not Prefect's validation error body: " + body);
                return new Verdict(null, problems);
            }
            checked = Map.of("detail", map.get("exception_detail"));
        }
        for (String problem : check(checked, schema.get())) {
            problems.add(request + ": " + problem);
        }
        return new Verdict(method + " " + template.orElse(below) + " " + status, problems);
    }

    /** Whether {@code body} is the one-key detail of an error Prefect raises as an {@code HTTPException}. */
    public static boolean isHttpException(int status, Object body) {
        if (status < 400 || !(body instanceof Map)) {
            return false;
        }
        Map<?, ?> map = (Map<?, ?>) body;
        return map.size() == 1 && (map.get("detail") instanceof String || map.get("exception_message") instanceof String);
    }

    /** Returns every problem of {@code value} against {@code schema}, each with its JSON path. */
    public List<String> check(Object value, Object schema) {
        List<String> problems = new ArrayList<>();
        check(value, schema, "$", problems);
        return problems;
    }

    @SuppressWarnings("unchecked")
    private void check(Object value, Object schemaObject, String at, List<String> problems) {
        Map<String, Object> schema = (Map<String, Object>) schemaObject;
        if (schema.containsKey("$ref")) {
            check(value, resolve((String) schema.get("$ref")), at, problems);
            return;
        }
        for (String key : List.of("anyOf", "oneOf")) {
            if (schema.containsKey(key)) {
                List<Object> options = (List<Object>) schema.get(key);
                List<String> all = new ArrayList<>();
                int matching = 0;
                for (Object option : options) {
                    List<String> mine = new ArrayList<>();
                    check(value, option, at, mine);
                    if (mine.isEmpty()) {
                        matching++;
                    }
                    all.addAll(mine);
                }
                if (matching == 0) {
                    problems.add(at + ": matches none of " + key + " (" + String.join("; ", all) + ")");
                }
                return;
            }
        }
        if (schema.containsKey("allOf")) {
            for (Object part : (List<Object>) schema.get("allOf")) {
                check(value, part, at, problems);
            }
            return;
        }
        if (schema.containsKey("const") && !sameJson(schema.get("const"), value)) {
            problems.add(at + ": expected constant " + schema.get("const") + " but was " + value);
        }
        if (schema.containsKey("enum") && ((List<Object>) schema.get("enum")).stream().noneMatch(e -> sameJson(e, value))) {
            problems.add(at + ": " + value + " is not one of " + schema.get("enum"));
        }
        Object type = schema.get("type");
        if (type == null) {
            return;
        }
        if (type instanceof List) {
            if (((List<Object>) type).stream().noneMatch(t -> hasType(value, (String) t))) {
                problems.add(at + ": expected one of " + type + " but was " + describe(value));
            }
            return;
        }
        if (!hasType(value, (String) type)) {
            problems.add(at + ": expected " + type + " but was " + describe(value));
            return;
        }
        switch ((String) type) {
            case "string":
                checkFormat((String) value, (String) schema.get("format"), at, problems);
                break;
            case "array":
                if (schema.containsKey("items")) {
                    List<Object> list = (List<Object>) value;
                    for (int i = 0; i < list.size(); i++) {
                        check(list.get(i), schema.get("items"), at + "[" + i + "]", problems);
                    }
                }
                break;
            case "object":
                checkObject((Map<String, Object>) value, schema, at, problems);
                break;
            default:
                break;
        }
    }

    @SuppressWarnings("unchecked")
    private void checkObject(Map<String, Object> value, Map<String, Object> schema, String at, List<String> problems) {
        Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
        for (Object required : (List<Object>) schema.getOrDefault("required", List.of())) {
            if (!value.containsKey(required)) {
                problems.add(at + ": missing required property " + required);
            }
        }
        Object additional = schema.get("additionalProperties");
        for (Map.Entry<String, Object> e : value.entrySet()) {
            String child = at + "." + e.getKey();
            if (properties.containsKey(e.getKey())) {
                check(e.getValue(), properties.get(e.getKey()), child, problems);
            } else if (additional instanceof Map) {
                check(e.getValue(), additional, child, problems);
            } else if (Boolean.FALSE.equals(additional) || (!properties.isEmpty() && additional == null)) {
                problems.add(at + ": property " + e.getKey() + " is not in the schema");
            }
        }
    }

    private static void checkFormat(String value, String format, String at, List<String> problems) {
        if ("uuid".equals(format) && Uuids.parseOrNull(value) == null) {
            problems.add(at + ": " + value + " is not a uuid");
        }
        if ("date-time".equals(format)) {
            boolean hasZone = value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$");
            if (!hasZone || Schema.parseInstant(value) == null) {
                problems.add(at + ": " + value + " is not a date-time with a zone offset");
            }
        }
    }

    private static boolean hasType(Object value, String type) {
        switch (type) {
            case "null": return value == null;
            case "string": return value instanceof String;
            case "boolean": return value instanceof Boolean;
            case "integer": return value instanceof Long || value instanceof BigInteger;
            case "number": return value instanceof Number;
            case "array": return value instanceof List;
            case "object": return value instanceof Map;
            default: throw new IllegalArgumentException("unknown JSON Schema type " + type);
        }
    }

    private static boolean sameJson(Object expected, Object actual) {
        if (expected instanceof Number && actual instanceof Number) {
            return new BigDecimal(expected.toString()).compareTo(new BigDecimal(actual.toString())) == 0;
        }
        return expected == null ? actual == null : expected.equals(actual);
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }

    @SuppressWarnings("unchecked")
    private Object resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local references are supported: " + ref);
        }
        Object at = document;
        for (String part : ref.substring(2).split("/")) {
            at = ((Map<String, Object>) at).get(part);
            if (at == null) {
                throw new IllegalArgumentException("unresolved reference " + ref);
            }
        }
        return at;
    }
}
