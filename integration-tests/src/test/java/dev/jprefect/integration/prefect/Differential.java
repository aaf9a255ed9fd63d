package dev.jprefect.integration.prefect;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The machinery of the differential suite: scenarios of raw HTTP exchanges, run once against
 * jprefect's server and once against the real Prefect server, and the comparison of what each
 * answered: status codes, response shapes (the JSON types of every field, the keys of every
 * object, the lengths of arrays), the values that decide orchestration (set-state status, the
 * resulting state's type and name, and any field a step names); for errors, the keys of the
 * error body and the locations of validation errors.
 *
 * <p>Requests are text templates: {@code ${u}} is a prefix unique to one side's run of a scenario
 * (so names do not collide on a server that outlives the scenario), {@code ${name}} a value saved
 * from an earlier answer of the same side. An object key that is a saved value is compared as
 * {@code ${name}}: a value path may name it ({@code ${flow}.name}).
 */
final class Differential {

    /** Every request of a scenario is bounded by this. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class).serializeNulls();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([a-zA-Z0-9_.]+)}");

    private Differential() {
    }

    /** One exchange: a request, what to save from its answer, and which values must be equal. */
    static final class Step {
        final String method;
        final String path;
        final String body;
        final Map<String, String> saves = new LinkedHashMap<>();
        final List<String> values = new ArrayList<>();
        boolean statusOnly;
        int concurrent = 1;

        Step(String method, String path, String body) {
            this.method = method;
            this.path = path;
            this.body = body;
        }

        /** The route template, for coverage: saved values become {@code {id}}. */
        String template() {
            String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            return p.replaceAll("\\$\\{[^}]+}", "{x}");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** A named sequence of steps; each side runs it from the start with its own saved values. */
    static final class Scenario {
        final String name;
        final List<Step> steps = new ArrayList<>();

        Scenario(String name) {
            this.name = name;
        }

        Scenario get(String path) {
            return step("GET", path, null);
        }

        Scenario post(String path, String body) {
            return step("POST", path, body);
        }

        Scenario patch(String path, String body) {
            return step("PATCH", path, body);
        }

        Scenario delete(String path) {
            return step("DELETE", path, null);
        }

        Scenario step(String method, String path, String body) {
            steps.add(new Step(method, path, body));
            return this;
        }

        /** Saves {@code jsonPath} of the last step's answer (e.g. {@code id}, {@code state.id}, {@code 0.id}) as {@code name}. */
        Scenario save(String name, String jsonPath) {
            last().saves.put(name, jsonPath);
            return this;
        }

        /** Requires the last step's answers to have equal values at {@code jsonPaths}. */
        Scenario values(String... jsonPaths) {
            last().values.addAll(List.of(jsonPaths));
            return this;
        }

        /** Compares only the status of the last step (its body differs by design; see compatibility.md). */
        Scenario statusOnly() {
            last().statusOnly = true;
            return this;
        }

        /**
         * Sends the last step {@code n} times at once; the answers are compared as a multiset of
         * (status, set-state status, state type) and the first saves.
         */
        Scenario concurrently(int n) {
            last().concurrent = n;
            return this;
        }

        private Step last() {
            return steps.get(steps.size() - 1);
        }
    }

    /** One answer: the status and the parsed body (null when empty or not JSON). */
    record Answer(int status, Object body, String text) {
    }

    /** A server a scenario runs against. */
    static final class Side {
        final String name;
        final URI apiUrl;
        /** How many times a sequential step answered 503 is sent again. */
        private static final int BUSY_RETRIES = 2;
        private final HttpClient http;
        private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "differential");
            t.setDaemon(true);
            return t;
        });

        Side(String name, URI apiUrl) {
            this.name = name;
            this.apiUrl = apiUrl;
            this.http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        }

        /** Runs {@code scenario} from the start; returns each step's answers (more than one when concurrent). */
        List<List<Answer>> run(Scenario scenario) {
            Map<String, String> saved = new LinkedHashMap<>();
            saved.put("u", "d" + UUID.randomUUID().toString().substring(0, 8));
            List<List<Answer>> answers = new ArrayList<>();
            for (Step step : scenario.steps) {
                String path = fill(step.path, saved);
                String body = step.body == null ? null : fill(step.body, saved);
                List<Answer> these = step.concurrent == 1 ? List.of(sendRetryingBusy(step.method, path, body))
                        : sendConcurrently(step.method, path, body, step.concurrent);
                for (Map.Entry<String, String> save : step.saves.entrySet()) {
                    Object value = at(these.get(0).body(), save.getValue());
                    if (value == null) {
                        throw new IllegalStateException(name + ": scenario '" + scenario.name + "', step " + step
                                + ": nothing at '" + save.getValue() + "' to save as " + save.getKey() + " in "
                                + these.get(0).status() + " " + these.get(0).text());
                    }
                    saved.put(save.getKey(), String.valueOf(value));
                }
                answers.add(these.stream().map(a -> new Answer(a.status(), keysNamed(a.body(), saved), a.text())).toList());
            }
            return answers;
        }

        /**
         * Sends one request as Prefect's clients do: a 503 (the server's store was busy, e.g. the real
         * server's SQLite locked by its own background tasks after a worker's poll) is sent again
         * after 1, then 2 s, at most {@link #BUSY_RETRIES} times, so the comparison is of answers, not of
         * lock timing.
         */
        Answer sendRetryingBusy(String method, String path, String body) {
            Answer answer = send(method, path, body);
            for (int retry = 1; retry <= BUSY_RETRIES && answer.status() == 503; retry++) {
                try {
                    Thread.sleep(1000L << (retry - 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(name + ": interrupted during " + method + " " + path, e);
                }
                answer = send(method, path, body);
            }
            return answer;
        }

        /** Sends one request; bounded by {@link #REQUEST_TIMEOUT}. */
        Answer send(String method, String path, String body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(REQUEST_TIMEOUT)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new Answer(response.statusCode(), parse(response.body()), response.body());
            } catch (IOException e) {
                throw new IllegalStateException(name + ": " + method + " " + path + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(name + ": interrupted during " + method + " " + path, e);
            }
        }

        private List<Answer> sendConcurrently(String method, String path, String body, int n) {
            List<Callable<Answer>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(() -> send(method, path, body));
            }
            try {
                List<Answer> answers = new ArrayList<>();
                for (Future<Answer> f : pool.invokeAll(calls, REQUEST_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS)) {
                    answers.add(f.get(0, TimeUnit.SECONDS));
                }
                return answers;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(name + ": interrupted during " + method + " " + path, e);
            } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
                throw new IllegalStateException(name + ": " + method + " " + path + " (concurrent) failed: " + e, e);
            }
        }

        void close() {
            pool.shutdownNow();
        }
    }

    /**
     * Returns {@code body} with every object key that is a saved value renamed {@code ${name}}, so
     * that answers keyed by ids (the UI's counts by flow or flow run) compare across the two servers.
     */
    private static Object keysNamed(Object body, Map<String, String> saved) {
        if (body instanceof Map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) body).forEach((key, value) -> out.put(nameOf(String.valueOf(key), saved), keysNamed(value, saved)));
            return out;
        }
        if (body instanceof List) {
            return ((List<?>) body).stream().map(item -> keysNamed(item, saved)).collect(Collectors.toList());
        }
        return body;
    }

    private static String nameOf(String key, Map<String, String> saved) {
        return saved.entrySet().stream().filter(e -> e.getValue().equals(key)).map(e -> "${" + e.getKey() + "}")
                .findFirst().orElse(key);
    }

    private static String fill(String template, Map<String, String> saved) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = saved.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("nothing saved as " + m.group(1) + " for " + template);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Object parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.fromJson(text);
        } catch (IOException | RuntimeException e) {
            return text; // not JSON: compared as a string
        }
    }

    /** Returns the value at a dotted path ({@code state.type}, {@code 0.id}; empty: the whole body), or null. */
    static Object at(Object body, String path) {
        Object current = body;
        for (String part : path.isEmpty() ? new String[0] : path.split("\\.")) {
            if (current instanceof Map) {
                current = ((Map<?, ?>) current).get(part);
            } else if (current instanceof List && part.matches("\\d+")) {
                List<?> list = (List<?>) current;
                int i = Integer.parseInt(part);
                current = i < list.size() ? list.get(i) : null;
            } else {
                return null;
            }
        }
        if (current instanceof Double && ((Double) current) == Math.rint((Double) current)) {
            return ((Double) current).longValue(); // Moshi reads every number as a double
        }
        return current;
    }

    /**
     * Compares the answers of one step; returns the differences, each as {@code kind: detail}, with
     * jprefect's side first.
     */
    static List<String> compare(Step step, List<Answer> jprefect, List<Answer> prefect) {
        List<String> out = new ArrayList<>();
        if (step.concurrent > 1) {
            String mine = outcomes(jprefect);
            String theirs = outcomes(prefect);
            if (!mine.equals(theirs)) {
                out.add("outcomes: " + mine + " vs " + theirs);
            }
            return out;
        }
        Answer a = jprefect.get(0);
        Answer b = prefect.get(0);
        if (a.status() != b.status()) {
            out.add("status: " + a.status() + " vs " + b.status());
            return out; // different answers: their bodies differ as a consequence (the report shows both)
        }
        if (step.statusOnly) {
            return out;
        }
        List<String> values = new ArrayList<>(step.values);
        if (step.path.endsWith("/set_state")) {
            values.addAll(List.of("status", "state.type", "state.name"));
        }
        for (String path : values) {
            Object x = at(a.body(), path);
            Object y = at(b.body(), path);
            if (!Objects.equals(x, y)) {
                out.add("value " + path + ": " + x + " vs " + y);
            }
        }
        if (a.status() == 422 && b.status() == 422) {
            String mine = errorLocations(a.body());
            String theirs = errorLocations(b.body());
            if (!mine.equals(theirs)) {
                out.add("error locations: " + mine + " vs " + theirs);
            }
        }
        if (a.status() >= 400 && b.status() >= 400 && a.body() instanceof Map && b.body() instanceof Map) {
            // an error: compare its form (the wrapper's keys), not its text
            Set<String> mine = new TreeSet<>(keys(a.body()));
            Set<String> theirs = new TreeSet<>(keys(b.body()));
            if (!mine.equals(theirs)) {
                out.add("error body keys: " + mine + " vs " + theirs);
            }
            return out;
        }
        shape(a.body(), b.body(), "$", out);
        return out;
    }

    private static Set<String> keys(Object map) {
        Set<String> keys = new TreeSet<>();
        ((Map<?, ?>) map).keySet().forEach(k -> keys.add(String.valueOf(k)));
        return keys;
    }

    private static String outcomes(List<Answer> answers) {
        return answers.stream().map(x -> x.status() + "/" + at(x.body(), "status") + "/" + at(x.body(), "state.type"))
                .sorted().collect(Collectors.toList()).toString();
    }

    /** The sorted locations of a 422 answer's errors, from FastAPI's {@code detail} or Prefect's {@code exception_detail}. */
    private static String errorLocations(Object body) {
        Object detail = at(body, "exception_detail");
        if (detail == null) {
            detail = at(body, "detail");
        }
        TreeSet<String> locations = new TreeSet<>();
        if (detail instanceof List) {
            for (Object error : (List<?>) detail) {
                Object loc = at(error, "loc");
                locations.add(String.valueOf(loc));
            }
        }
        return locations.toString();
    }

    /** Adds a difference for each place where {@code a} and {@code b} differ in JSON type, keys or array length. */
    private static void shape(Object a, Object b, String at, List<String> out) {
        String ta = type(a);
        String tb = type(b);
        if (!ta.equals(tb)) {
            out.add("shape " + at + ": " + ta + " vs " + tb);
            return;
        }
        if (a instanceof Map) {
            Map<?, ?> ma = (Map<?, ?>) a;
            Map<?, ?> mb = (Map<?, ?>) b;
            for (Object key : ma.keySet()) {
                if (!mb.containsKey(key)) {
                    out.add("shape " + at + ": key " + key + " only in jprefect's");
                }
            }
            for (Object key : mb.keySet()) {
                if (!ma.containsKey(key)) {
                    out.add("shape " + at + ": key " + key + " only in Prefect's");
                } else {
                    shape(ma.get(key), mb.get(key), at + "." + key, out);
                }
            }
        } else if (a instanceof List) {
            List<?> la = (List<?>) a;
            List<?> lb = (List<?>) b;
            if (la.size() != lb.size()) {
                out.add("shape " + at + ": " + la.size() + " items vs " + lb.size());
            }
            for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
                shape(la.get(i), lb.get(i), at + "[" + i + "]", out);
            }
        }
    }

    private static String type(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "array";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return value.getClass().getSimpleName();
    }
}
