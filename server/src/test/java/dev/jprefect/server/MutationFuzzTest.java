package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.internal.http.Router;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a generated mutation suite over every route the server serves. For each route of
 * {@link PrefectServer#routes()}, a valid request is made from Prefect's OpenAPI document (the body
 * from the request schema, ids of objects made for it), then {@value #MUTANTS_PER_ROUTE} mutants of
 * it, drawn from a fixed seed: a node of the body replaced by a value of the wrong type, a huge,
 * non-finite or 5,000-digit number, a bad UUID or date-time, a deeply nested array or object; a
 * field removed or an unknown one added; the body replaced whole; the path's id or the query
 * spoiled. Every answer must come within {@link #ANSWER_BOUND_SECONDS} seconds (no hang), be
 * below 500, and carry no Java class name or stack trace; the server must serve afterwards.
 *
 * <p>The figures (requests, by status class) are printed in one line for the note of issue 12.
 */
class MutationFuzzTest {
    /** The seed of every draw: the same mutants on every run, so a failure reproduces. */
    static final long SEED = 20261129L;
    /** Mutants per route, beside the valid request. */
    static final int MUTANTS_PER_ROUTE = 40;
    /** A generous bound on one in-process answer on a loaded 2-core machine; a hang never meets it. */
    static final int ANSWER_BOUND_SECONDS = 30;

    private static final Pattern JAVA_INSIDE = Pattern.compile(
            "java\\.|javax\\.|dev\\.jprefect|Exception\\b|\\bat [a-z]+\\.[a-z]+.*\\(.*\\.java:\\d+\\)");
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final ExecutorService caller = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-caller");
        t.setDaemon(true);
        return t;
    });
    private final PrefectServer server = PrefectServer.builder().settings(Settings.isolated(Map.of())).build();
    private final TestClient client = new TestClient(server);

    @AfterEach
    void stop() {
        caller.shutdownNow();
    }

    /** A piece of JSON text put in a body as it is (numbers JSON trees cannot hold, deep nesting). */
    record Raw(String json) {
    }

    /** One request of the suite. */
    record Case(String method, String path, String body) {
        @Override
        public String toString() {
            return method + " " + path + " " + (body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    @Test
    void everyServedRouteAnswersEveryMutantBelow500WithinTheBoundAndTheServerStillServes() throws Exception {
        OpenApi openApi = OpenApi.load();
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int[] byClass = new int[6];
        int requests = 0;
        int routes = 0;
        long started = System.nanoTime();
        for (Router.Route route : server.routes()) {
            routes++;
            Fixtures fixtures = new Fixtures(client);
            String template = route.template().replace(":uuid}", "}");
            Object schema = openApi.requestSchema(template, route.method()).orElse(null);
            Object body = schema == null ? null : new Seeds(openApi, fixtures).example(schema, 0);
            String path = fixtures.fill(template, route.template());
            List<Case> cases = new ArrayList<>();
            cases.add(new Case(route.method(), path, body == null ? null : Mutations.write(body)));
            Mutations mutations = new Mutations(random);
            for (int i = 0; i < MUTANTS_PER_ROUTE; i++) {
                cases.add(mutations.mutate(route.method(), path, body));
            }
            for (Case c : cases) {
                requests++;
                ApiResponse response = send(c, failures);
                if (response == null) {
                    continue;
                }
                byClass[Math.min(response.status() / 100, 5)]++;
                String text = response.bodyAsString();
                if (response.status() >= 500) {
                    failures.add(response.status() + " for " + c + " -> " + text);
                } else if (JAVA_INSIDE.matcher(text).find() && !echoes(c, text)) {
                    failures.add("Java inside the answer to " + c + " -> " + text);
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "mutation fuzz: %d routes, %d requests (seed %d), 2xx %d, 3xx %d, 4xx %d,"
                + " 5xx %d, failures %d, %.1f s%n", routes, requests, SEED, byClass[2], byClass[3], byClass[4],
                byClass[5], failures.size(), seconds);

        assertThat(failures).as("answers at or above 500, with Java inside, or later than the bound").isEmpty();
        assertThat(client.get("/api/health").status()).isEqualTo(200);
        assertThat(client.post("/api/flows/filter", Map.of()).status()).isEqualTo(200);
        assertThat(client.post("/api/flow_runs/filter", Map.of()).status()).isEqualTo(200);
    }

    /** A 422 echoes the input it refused; text the mutant itself carried is not the server's. */
    private static boolean echoes(Case c, String text) {
        Matcher m = JAVA_INSIDE.matcher(text);
        while (m.find()) {
            if (c.body() == null || !c.body().contains(m.group())) {
                return false;
            }
        }
        return true;
    }

    private ApiResponse send(Case c, List<String> failures) throws InterruptedException {
        ApiRequest.Builder b = ApiRequest.builder(c.method(), URI.create("http://fuzz/api" + c.path()));
        if (c.body() != null) {
            b.header("Content-Type", "application/json").body(c.body());
        }
        ApiRequest request = b.build();
        Future<ApiResponse> answer = caller.submit(() -> server.handle(request));
        try {
            return answer.get(ANSWER_BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            failures.add("no answer within " + ANSWER_BOUND_SECONDS + " s to " + c);
        } catch (ExecutionException e) {
            failures.add("the handler threw " + e.getCause() + " for " + c);
        }
        return null;
    }

    /** Objects a route's path and body can name: one of each, made fresh for each route. */
    static final class Fixtures {
        final Map<String, String> ids = new LinkedHashMap<>();
        private final String variable = "fuzz-var-" + UUID.randomUUID().toString().substring(0, 8);

        Fixtures(TestClient client) {
            String flow = client.post("/api/flows/", Map.of("name", "fuzz-" + UUID.randomUUID())).string("id");
            String run = client.post("/api/flow_runs/", Map.of("flow_id", flow, "state", Map.of("type", "RUNNING")))
                    .string("id");
            String task = client.post("/api/task_runs/", Map.of("flow_run_id", run, "task_key", "fuzz",
                    "dynamic_key", "0", "state", Map.of("type", "PENDING"))).string("id");
            ids.put("flows", flow);
            ids.put("flow_runs", run);
            ids.put("task_runs", task);
            ids.put("flow_run_states", client.get("/api/flow_runs/" + run).string("state_id"));
            ids.put("task_run_states", client.get("/api/task_runs/" + task).string("state_id"));
            ids.put("artifacts", client.post("/api/artifacts/", Map.of("key", "fuzz-key", "type", "markdown",
                    "data", "# fuzz", "flow_run_id", run)).string("id"));
            ids.put("variables", client.post("/api/variables/", Map.of("name", variable, "value", 1)).string("id"));
            ids.put("deployments", client.post("/api/deployments/", Map.of("name", "fuzz", "flow_id", flow)).string("id"));
            flowName = client.get("/api/flows/" + flow).string("name");
        }

        private String flowName;

        /** Fills the path parameters of a served template with the ids and names of the fixtures. */
        String fill(String template, String served) {
            String resource = template.split("/")[1];
            String id = ids.getOrDefault(resource, UUID.randomUUID().toString());
            return template.replace("{id}", id).replace("{name}", variable).replace("{key}", "fuzz-key")
                    .replace("{flow_name}", flowName).replace("{deployment_name}", "fuzz")
                    .replaceAll("\\{[a-z_]*_id\\}", UUID.randomUUID().toString()).replaceAll("\\{[a-z_]+\\}", "fuzz")
                    + query(served);
        }

        /** The query the GET state routes require. */
        private String query(String template) {
            if (template.equals("/flow_run_states/")) {
                return "?flow_run_id=" + ids.get("flow_runs");
            }
            if (template.equals("/task_run_states/")) {
                return "?task_run_id=" + ids.get("task_runs");
            }
            return "";
        }

        /** An id for a body field named {@code name} ({@code flow_id}, {@code flow_run_id}, ...), or null. */
        String idFor(String name) {
            switch (name) {
                case "flow_id":
                    return ids.get("flows");
                case "flow_run_id":
                    return ids.get("flow_runs");
                case "task_run_id":
                    return ids.get("task_runs");
                default:
                    return null;
            }
        }
    }

    /** Makes a valid-looking value from a request schema: every property, defaults where given. */
    static final class Seeds {
        private final OpenApi openApi;
        private final Fixtures fixtures;

        Seeds(OpenApi openApi, Fixtures fixtures) {
            this.openApi = openApi;
            this.fixtures = fixtures;
        }

        @SuppressWarnings("unchecked")
        Object example(Object schemaObject, int depth) {
            Map<String, Object> schema = (Map<String, Object>) openApi.deref(schemaObject);
            if (schema.containsKey("default") && depth > 0) {
                return schema.get("default");
            }
            for (String union : List.of("anyOf", "oneOf", "allOf")) {
                if (schema.containsKey(union)) {
                    for (Object alternative : (List<Object>) schema.get(union)) {
                        Map<String, Object> a = (Map<String, Object>) openApi.deref(alternative);
                        if (!"null".equals(a.get("type"))) {
                            return example(a, depth);
                        }
                    }
                    return null;
                }
            }
            if (schema.containsKey("enum")) {
                return ((List<Object>) schema.get("enum")).get(0);
            }
            if (schema.containsKey("const")) {
                return schema.get("const");
            }
            String type = String.valueOf(schema.getOrDefault("type", "object"));
            switch (type) {
                case "object": {
                    Map<String, Object> out = new LinkedHashMap<>();
                    if (depth > 4) {
                        return out;
                    }
                    Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
                    for (Map.Entry<String, Object> p : properties.entrySet()) {
                        String id = fixtures.idFor(p.getKey());
                        out.put(p.getKey(), id != null ? id : example(p.getValue(), depth + 1));
                    }
                    return out;
                }
                case "array":
                    return depth > 4 || !schema.containsKey("items") ? List.of()
                            : new ArrayList<>(List.of(example(schema.get("items"), depth + 1)));
                case "string":
                    return stringFor(String.valueOf(schema.get("format")));
                case "integer":
                    return 1L;
                case "number":
                    return 1.5;
                case "boolean":
                    return Boolean.FALSE;
                default:
                    return null;
            }
        }

        private String stringFor(String format) {
            switch (format) {
                case "uuid":
                    return UUID.randomUUID().toString();
                case "date-time":
                    return "2025-01-01T00:00:00Z";
                case "date":
                    return "2025-01-01";
                case "time-delta":
                case "duration":
                    return "PT1S";
                default:
                    return "fuzz";
            }
        }
    }

    /** The mutants of a valid request. */
    static final class Mutations {
        private static final List<Object> WRONG_TYPES = List.of("fuzz", "", 0L, -1L, 1.5, true, false,
                List.of(), Map.of(), List.of(1L, "a"), Map.of("k", List.of()));
        private static final List<Raw> NUMBERS = List.of(new Raw("1e400"), new Raw("-1e400"), new Raw("1e308"),
                new Raw("9223372036854775808"), new Raw("-9223372036854775809"), new Raw("1e13"), new Raw("1e-400"),
                new Raw("9".repeat(5_000)), new Raw("0." + "3".repeat(5_000)), new Raw("2147483648"), new Raw("-0"));
        private static final List<String> BAD_UUIDS = List.of("not-a-uuid", "", "00000000-0000-0000-0000-00000000000g",
                "00000000000000000000000000000000", "{00000000-0000-0000-0000-000000000000}",
                "00000000-0000-4000-8000-000000000000", "0" .repeat(40));
        private static final List<Object> BAD_DATES = List.of("2025-13-45T00:00:00Z", "9999-12-31T23:59:59-01:00",
                "0000-01-01T00:00:00Z", "yesterday", "2025-01-01T25:61:61Z", "+275760-09-13T00:00:00Z",
                new Raw("1e13"), new Raw("-1e20"), new Raw("1e400"), "0001-01-01T00:00:00+14:00");
        private static final List<Raw> WHOLE_BODIES = List.of(new Raw("[]"), new Raw("\"x\""), new Raw("1"),
                new Raw("null"), new Raw(""), new Raw("{"), new Raw("{\"a\":}"), new Raw("[" .repeat(10_000)),
                new Raw("{\"a\":1,\"a\":2}"), new Raw("\"\\ud800\""), new Raw("{\"\\u0000\":1}"));

        private final Random random;

        Mutations(Random random) {
            this.random = random;
        }

        Case mutate(String method, String path, Object body) {
            int kind = random.nextInt(body == null ? 3 : 10);
            switch (kind) {
                case 0:
                    return new Case(method, spoilId(path), body == null ? null : write(body));
                case 1:
                    return new Case(method, path, pick(WHOLE_BODIES).json());
                case 2:
                    return new Case(method, path + (path.contains("?") ? "&" : "?") + pick(List.of(
                            "limit=" + "9".repeat(30), "offset=-1", "flow_run_id=nope", "task_run_id=",
                            "x=" + URLEncoder.encode("\u0000\ud7ff", StandardCharsets.UTF_8))), null);
                default:
                    return new Case(method, path, write(mutateTree(copy(body), kind)));
            }
        }

        private String spoilId(String path) {
            Matcher m = UUID_TEXT.matcher(path);
            if (!m.find()) {
                return path + "/" + encode(pick(BAD_UUIDS));
            }
            String replacement = random.nextBoolean() ? UUID.randomUUID().toString() : pick(BAD_UUIDS);
            return path.substring(0, m.start()) + encode(replacement) + path.substring(m.end());
        }

        private static String encode(String segment) {
            return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
        }

        /** Mutates one node of {@code tree}, chosen at random, by {@code kind}; returns the new root. */
        @SuppressWarnings("unchecked")
        private Object mutateTree(Object tree, int kind) {
            List<Object[]> slots = new ArrayList<>(); // {container, key or index}
            collect(tree, slots);
            if (slots.isEmpty()) {
                return replacement(kind, null);
            }
            Object[] slot = slots.get(random.nextInt(slots.size()));
            Object container = slot[0];
            if (container instanceof Map) {
                Map<String, Object> map = (Map<String, Object>) container;
                String key = (String) slot[1];
                if (kind == 3) {
                    map.remove(key);
                } else if (kind == 4) {
                    map.put("fuzz_extra_" + random.nextInt(100), pick(WRONG_TYPES));
                } else {
                    map.put(key, replacement(kind, map.get(key)));
                }
            } else {
                List<Object> list = (List<Object>) container;
                int index = (Integer) slot[1];
                if (kind == 3) {
                    list.remove(index);
                } else {
                    list.set(index, replacement(kind, list.get(index)));
                }
            }
            return tree;
        }

        private Object replacement(int kind, Object old) {
            switch (kind) {
                case 5:
                    return pick(NUMBERS);
                case 6:
                    return old instanceof String && UUID_TEXT.matcher((String) old).matches()
                            ? pick(BAD_UUIDS) : pick(BAD_DATES);
                case 7:
                    return pick(BAD_DATES);
                case 8:
                    return deep(random.nextBoolean(), 20 + random.nextInt(3000));
                default:
                    return pick(WRONG_TYPES);
            }
        }

        private static Raw deep(boolean arrays, int depth) {
            return arrays ? new Raw("[".repeat(depth) + "]".repeat(depth))
                    : new Raw("{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
        }

        @SuppressWarnings("unchecked")
        private static void collect(Object node, List<Object[]> slots) {
            if (node instanceof Map) {
                for (Map.Entry<String, Object> e : ((Map<String, Object>) node).entrySet()) {
                    slots.add(new Object[] {node, e.getKey()});
                    collect(e.getValue(), slots);
                }
            } else if (node instanceof List) {
                List<Object> list = (List<Object>) node;
                for (int i = 0; i < list.size(); i++) {
                    slots.add(new Object[] {node, i});
                    collect(list.get(i), slots);
                }
            }
        }

        @SuppressWarnings("unchecked")
        private static Object copy(Object node) {
            if (node instanceof Map) {
                Map<String, Object> out = new LinkedHashMap<>();
                ((Map<String, Object>) node).forEach((k, v) -> out.put(k, copy(v)));
                return out;
            }
            if (node instanceof List) {
                List<Object> out = new ArrayList<>();
                ((List<Object>) node).forEach(v -> out.add(copy(v)));
                return out;
            }
            return node;
        }

        private <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }

        /** Writes a tree of maps, lists, strings, numbers, booleans, nulls and {@link Raw}s as JSON. */
        static String write(Object node) {
            StringBuilder out = new StringBuilder();
            write(node, out);
            return out.toString();
        }

        @SuppressWarnings("unchecked")
        private static void write(Object node, StringBuilder out) {
            if (node == null) {
                out.append("null");
            } else if (node instanceof Raw) {
                out.append(((Raw) node).json());
            } else if (node instanceof String) {
                out.append('"');
                for (char ch : ((String) node).toCharArray()) {
                    if (ch == '"' || ch == '\\') {
                        out.append('\\').append(ch);
                    } else if (ch < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
                out.append('"');
            } else if (node instanceof Map) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, Object> e : ((Map<String, Object>) node).entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    write(e.getKey(), out);
                    out.append(':');
                    write(e.getValue(), out);
                }
                out.append('}');
            } else if (node instanceof List) {
                out.append('[');
                boolean first = true;
                for (Object v : (List<Object>) node) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    write(v, out);
                }
                out.append(']');
            } else {
                out.append(node);
            }
        }
    }
}
