package dev.jprefect.integration.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.jprefect.Artifacts;
import dev.jprefect.Flow;
import dev.jprefect.FlowDeployment;
import dev.jprefect.Flows;
import dev.jprefect.RunState;
import dev.jprefect.Runner;
import dev.jprefect.Task;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientBuilder;
import dev.jprefect.client.schemas.Deployment;
import dev.jprefect.client.schemas.DeploymentFlowRunCreate;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.client.schemas.VariableCreate;
import dev.jprefect.examples.SalesEtl;
import dev.jprefect.server.PrefectServer;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Lifespan;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.StreamHandler;
import dev.jprefect.transport.netty.NettyServer;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Prefect's own UIs (V1 and V2, from the pinned wheel) on jprefect's server, driven by Debian's
 * headless Chromium through {@code playwright-core} ({@code integration-tests/browser/visit.mjs}):
 * after a realistic population (the example ETL with its retries, cached task, subflow and logs, a
 * failed run, an artifact, a variable, a nightly deployment with a completed run and its scheduled
 * runs, the events of the runs' states), every page of both UIs' navigation and the detail pages of
 * a flow, a flow run (each tab), a task run and a deployment (each tab) are visited. The build keeps the report
 * ({@code target/ui-browser/report.md}, every API call with its status, every console error) and
 * the screenshots.
 *
 * <p>Every failing API call, failed file and console error must be either the same on Prefect 3.9.1's
 * own server for that page ({@code browser/same-on-prefect.txt}, each line with its evidence) or a
 * call of a resource jprefect does not have yet ({@code browser/known-failing-calls.txt}, with the
 * issue that owns its route); anything else, an error card that no missing resource explains, or a
 * run graph that is not drawn fails the test. Without Chromium, Node.js or the installed
 * {@code playwright-core} it is skipped with one line, or fails under {@code CI=true}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class UiBrowserTest {
    private static final Path BROWSER = Path.of("browser").toAbsolutePath();
    private static final Path OUT = Path.of("target", "ui-browser").toAbsolutePath();
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** How long the whole visit may take, well above what it needs on a loaded 2-core machine. */
    private static final long VISIT_LIMIT_MINUTES = 8;
    private static final Moshi MOSHI = new Moshi.Builder().build();
    /** Bounds the wait for the deployment's run, which takes a few seconds. */
    private static final long RUN_LIMIT_SECONDS = 120;
    /**
     * The run graph of a flow run's page: both UIs draw it (Prefect's {@code @prefecthq/graphs}, on
     * WebGL) in a canvas made once its code (V2: a chunk loaded on demand) and the graph's data arrive.
     */
    private static final String GRAPH = "canvas";
    /** Where the API's calls are. */
    private static final String API_SOURCE = "/api/";
    /** Chromium's console line for a request that failed, with the request's URL the visit adds. */
    private static final Pattern FAILED_REQUEST =
            Pattern.compile("status of (\\d{3}) .*\\(https?://[^/]+(/[^)?]*)[^)]*\\)$");

    @Test
    void bothUisShowJprefectsDataWithoutFailingCallsBeyondTheKnownOnes() throws Exception {
        String chromium = System.getenv().getOrDefault("JPREFECT_CHROMIUM", "/usr/bin/chromium");
        requireOrSkip(Files.isExecutable(Path.of(chromium)), "no Chromium at " + chromium
                + " (Debian: apt-get install chromium; or set JPREFECT_CHROMIUM)");
        requireOrSkip(Files.isDirectory(BROWSER.resolve("node_modules/playwright-core")),
                "playwright-core is not installed in " + BROWSER + " (the build runs npm ci there when npm is present)");

        AtomicReference<PrefectServer> app = new AtomicReference<>();
        try (NettyServer netty = NettyServer.builder(delegatingTo(app)).host("127.0.0.1").port(0).start()) {
            // Analytics off, as the real server was run for same-on-prefect.txt (--analytics-off). V2 still asks
            // sr-client-cfg.amplitude.com for its session-replay configuration; the report counts those apart.
            PrefectServer server = PrefectServer.builder().settings(Settings.isolated(Map.of(
                    "PREFECT_SERVER_API_HOST", "127.0.0.1",
                    "PREFECT_SERVER_API_PORT", String.valueOf(netty.port()),
                    "PREFECT_SERVER_ANALYTICS_ENABLED", "false"))).build();
            requireOrSkip(server.servedUis().containsAll(List.of("v1", "v2")),
                    "the jprefect-ui jar has no UI bundles (it was built without PyPI)");
            app.set(server);

            Population population = populate(netty, server);
            Path plan = writePlan(netty, chromium, pages(population));
            Process node = new ProcessBuilder("node", BROWSER.resolve("visit.mjs").toString(), plan.toString())
                    .directory(BROWSER.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(OUT.resolve("node.log").toFile())
                    .start();
            if (!node.waitFor(VISIT_LIMIT_MINUTES, TimeUnit.MINUTES)) {
                node.destroyForcibly();
                throw new AssertionError("the browser visit took over " + VISIT_LIMIT_MINUTES + " minutes; see " + OUT.resolve("node.log"));
            }
            assertThat(node.exitValue()).as("node visit.mjs (log: %s): %s", OUT.resolve("node.log"),
                    Files.readString(OUT.resolve("node.log"))).isZero();
        }

        List<PageVisit> visits = readReport();
        Judge judge = Judge.of(KnownFailure.read(BROWSER.resolve("same-on-prefect.txt")),
                KnownFailure.read(BROWSER.resolve("known-failing-calls.txt")));
        String report = Report.write(visits, judge);
        Files.writeString(OUT.resolve("report.md"), report);
        System.out.println("UiBrowserTest: report in " + OUT.resolve("report.md"));

        List<String> problems = new ArrayList<>();
        visits.forEach(visit -> problems.addAll(judge.problems(visit)));
        assertThat(problems).as("the browser visit (report: %s)", OUT.resolve("report.md")).isEmpty();
    }

    /** What the pages are about: ids the population made. */
    record Population(String etlRunId, String failedRunId, String taskRunId, String flowId, String artifactId,
            String deploymentId) {
    }

    /**
     * Runs the example ETL, a failing flow, makes an artifact and a variable, deploys the ETL nightly
     * and runs it once from the deployment by a runner, then lets the scheduler make the runs ahead,
     * all over HTTP.
     */
    @SuppressWarnings("try") // the client scope is held for its effect
    private static Population populate(NettyServer netty, PrefectServer server) throws Exception {
        Settings settings = Settings.isolated(Map.of("PREFECT_API_URL", netty.apiUrl().toString()));
        Flow<String, String> failing = Flow.of("always-fails", (String why) -> {
            Task.of("check-input", (String w) -> {
                throw new IllegalStateException("refused: " + w);
            }).call(why);
            return why;
        });
        Flow<Integer, Integer> report = Flow.of("sales-report", (Integer n) -> {
            Artifacts.createMarkdown("# Sales\n\n" + n + " orders loaded.", "sales-report", "the day's sales");
            return n;
        });
        Deployment deployment;
        try (PrefectClient client = PrefectClientBuilder.create().settings(settings).build()) {
            try (Flows.ClientScope scope = Flows.using(client)) {
                RunState<SalesEtl.LoadReport> etl = SalesEtl.ETL.callForState(new SalesEtl.Params("orders.csv", "USD"));
                assertThat(etl.isCompleted()).as("the example ETL: %s", etl.message()).isTrue();
                assertThat(failing.callForState("bad input").type()).isEqualTo(StateType.FAILED);
                assertThat(report.callForState(12).isCompleted()).isTrue();
            }
            client.createVariable(VariableCreate.of("warehouse_region", "eu-central"));
            try (Runner runner = Runner.create(client)) { // serves the deployment: one run made now, run to Completed
                deployment = runner.add(FlowDeployment.of(SalesEtl.ETL, SalesEtl.Params.class, "nightly")
                        .withCron("0 2 * * *", "Europe/Zurich")
                        .withParameters(Map.of("source", "orders.csv", "currency", "CHF"))
                        .withTags("etl").withDescription("The day's sales, loaded every night.")).start().get(0);
                FlowRun now = client.createFlowRunFromDeployment(deployment.id(), DeploymentFlowRunCreate.defaults());
                runner.pollNow();
                assertThat(runner.finished(now.id()).get(RUN_LIMIT_SECONDS, TimeUnit.SECONDS))
                        .as("the deployment's run, by the runner").isEqualTo(StateType.COMPLETED);
            }
        }
        server.runServices(); // the scheduler's runs of the nightly deployment, as its next loop would make them
        Map<String, Object> etlRun = first(netty, "/api/flow_runs/filter", "{\"flow_runs\":{\"name\":{}},\"sort\":\"START_TIME_ASC\",\"limit\":1}");
        Map<String, Object> failedRun = first(netty, "/api/flow_runs/filter", "{\"flows\":{\"name\":{\"any_\":[\"always-fails\"]}}}");
        Map<String, Object> task = first(netty, "/api/task_runs/filter",
                "{\"flow_runs\":{\"id\":{\"any_\":[\"" + etlRun.get("id") + "\"]}},\"task_runs\":{\"name\":{\"like_\":\"fetch-rate\"}}}");
        Map<String, Object> artifact = first(netty, "/api/artifacts/filter", "{}");
        return new Population((String) etlRun.get("id"), (String) failedRun.get("id"), (String) task.get("id"),
                (String) etlRun.get("flow_id"), (String) artifact.get("id"), deployment.id().toString());
    }

    /** The pages of both UIs: their navigation, and the detail pages with each tab. */
    private static List<Map<String, String>> pages(Population p) {
        List<Map<String, String>> pages = new ArrayList<>();
        for (String ui : List.of("v1", "v2")) {
            String base = ui.equals("v1") ? "" : "/v2";
            page(pages, ui, "dashboard", base + "/dashboard");
            page(pages, ui, "runs", base + "/runs");
            if (ui.equals("v2")) {
                page(pages, ui, "runs-task-runs", base + "/runs?tab=task-runs");
            }
            page(pages, ui, "flow-run", base + "/runs/flow-run/" + p.etlRunId(), GRAPH);
            if (ui.equals("v2")) {
                for (String tab : List.of("TaskRuns", "SubflowRuns", "Artifacts", "Details", "Parameters")) {
                    page(pages, ui, "flow-run-" + tab, base + "/runs/flow-run/" + p.etlRunId() + "?tab=" + tab);
                }
                for (String tab : List.of("Artifacts", "TaskInputs", "Details")) {
                    page(pages, ui, "task-run-" + tab, base + "/runs/task-run/" + p.taskRunId() + "?tab=" + tab);
                }
            }
            page(pages, ui, "failed-flow-run", base + "/runs/flow-run/" + p.failedRunId());
            page(pages, ui, "task-run", base + "/runs/task-run/" + p.taskRunId());
            page(pages, ui, "flows", base + "/flows");
            page(pages, ui, "flow", base + "/flows/flow/" + p.flowId());
            if (ui.equals("v2")) {
                page(pages, ui, "flow-deployments", base + "/flows/flow/" + p.flowId() + "?tab=deployments");
            }
            page(pages, ui, "variables", base + "/variables");
            page(pages, ui, "artifacts", base + "/artifacts");
            page(pages, ui, "artifact", base + "/artifacts/artifact/" + p.artifactId());
            page(pages, ui, "settings", base + "/settings");
            page(pages, ui, "deployments", base + "/deployments");
            page(pages, ui, "deployment", base + "/deployments/deployment/" + p.deploymentId());
            page(pages, ui, "deployment-Upcoming", base + "/deployments/deployment/" + p.deploymentId() + "?tab=Upcoming");
            if (ui.equals("v2")) {
                for (String tab : List.of("Parameters", "Configuration", "Description", "Details")) {
                    page(pages, ui, "deployment-" + tab, base + "/deployments/deployment/" + p.deploymentId() + "?tab=" + tab);
                }
            }
            page(pages, ui, "work-pools", base + "/work-pools");
            page(pages, ui, "blocks", base + "/blocks");
            page(pages, ui, "automations", base + "/automations");
            page(pages, ui, "events", base + "/events");
            page(pages, ui, "concurrency-limits", base + "/concurrency-limits");
        }
        return pages;
    }

    private static void page(List<Map<String, String>> pages, String ui, String name, String path) {
        pages.add(Map.of("ui", ui, "name", name, "path", path));
    }

    /** A page with a part drawn after its data arrives ({@code waitFor}, a CSS selector), which must appear. */
    private static void page(List<Map<String, String>> pages, String ui, String name, String path, String waitFor) {
        pages.add(Map.of("ui", ui, "name", name, "path", path, "waitFor", waitFor));
    }

    private static Path writePlan(NettyServer netty, String chromium, List<Map<String, String>> pages) throws IOException {
        Files.createDirectories(OUT);
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("base", "http://127.0.0.1:" + netty.port());
        plan.put("chromium", chromium);
        plan.put("out", OUT.toString());
        plan.put("launchTimeoutMs", 120_000);
        plan.put("pageTimeoutMs", 60_000);
        plan.put("settleMs", 6_000);
        plan.put("quietMs", 300);
        plan.put("drawMs", 1_500); // the graph's animations take 500 ms
        plan.put("pages", pages);
        Path file = OUT.resolve("plan.json");
        Files.writeString(file, MOSHI.adapter(Object.class).indent(" ").toJson(plan));
        return file;
    }

    @SuppressWarnings("unchecked")
    private static List<PageVisit> readReport() throws IOException {
        Map<String, Object> report = (Map<String, Object>) MOSHI.adapter(Object.class)
                .fromJson(Files.readString(OUT.resolve("report.json")));
        List<PageVisit> visits = new ArrayList<>();
        for (Object o : (List<Object>) report.get("pages")) {
            Map<String, Object> page = (Map<String, Object>) o;
            List<Call> calls = new ArrayList<>();
            for (Object c : (List<Object>) page.get("calls")) {
                Map<String, Object> call = (Map<String, Object>) c;
                calls.add(new Call((String) call.get("method"), template((String) call.get("path")),
                        ((Number) call.get("status")).intValue(), (String) call.get("body")));
            }
            visits.add(new PageVisit((String) page.get("ui"), (String) page.get("name"), (String) page.get("path"),
                    calls, (List<String>) page.get("consoleErrors"), (List<String>) page.get("externalErrors"),
                    (List<String>) page.get("pageErrors"), (String) page.get("errorCard"), ((Number) page.get("millis")).longValue(),
                    (String) page.get("waitedFor"), Boolean.TRUE.equals(page.get("found"))));
        }
        return visits;
    }

    /**
     * The request a console error says failed ({@code Failed to load resource: ... status of 404 ...
     * (URL)}), if it names one: an API call of the page as the visit recorded it, or the {@code GET} of
     * a file (a favicon, ...), which the visit records only so.
     */
    static Optional<Call> failedRequest(PageVisit visit, String consoleError) {
        Matcher m = FAILED_REQUEST.matcher(consoleError);
        if (!m.find()) {
            return Optional.empty();
        }
        int status = Integer.parseInt(m.group(1));
        String path = template(m.group(2));
        if (!path.startsWith(API_SOURCE)) {
            return Optional.of(new Call("GET", path, status, null));
        }
        return Optional.of(visit.failing().stream().filter(c -> c.path().equals(path) && c.status() == status).findFirst()
                .orElseGet(() -> new Call("?", path, status, null)));
    }

    /** A path with its ids as {@code {id}}, so that the same route reads the same on every page. */
    static String template(String path) {
        return UUID.matcher(path).replaceAll("{id}");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> first(NettyServer netty, String path, String body) throws Exception {
        ApiRequest request = ApiRequest.builder("POST", netty.uri().resolve(path))
                .header("Content-Type", "application/json").body(body).build();
        try (var transport = dev.jprefect.transport.Transports.open(dev.jprefect.transport.TransportConfig.of(netty.apiUrl()))) {
            ApiResponse response = transport.send(request).get(30, TimeUnit.SECONDS);
            Type type = Types.newParameterizedType(List.class, Object.class);
            List<Object> rows = MOSHI.<List<Object>>adapter(type).fromJson(response.bodyAsString());
            assertThat(rows).as("%s %s", path, body).isNotEmpty();
            return (Map<String, Object>) rows.get(0);
        }
    }

    /** Lets Netty start before the server is built, so the server's settings can name the port. */
    private static RequestHandler delegatingTo(AtomicReference<PrefectServer> app) {
        return new RequestHandler() {
            @Override
            public ApiResponse handle(ApiRequest request) {
                return app.get().handle(request);
            }

            @Override
            public StreamHandler streamHandler(ApiRequest request) {
                return app.get().streamHandler(request);
            }

            @Override
            public Lifespan lifespan() {
                return Lifespan.NONE;
            }
        };
    }

    private static void requireOrSkip(boolean present, String what) {
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("the browser tests need " + what);
        }
        Assumptions.assumeTrue(present, "skipped: " + what);
    }

    /** One API call of a page: method, path template, status (0: no answer), and the body of a failed one. */
    record Call(String method, String path, int status, String body) {
        boolean failed() {
            return status == 0 || status >= 400;
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + status;
        }
    }

    /** What the browser saw on one page. */
    record PageVisit(String ui, String name, String path, List<Call> calls, List<String> consoleErrors,
            List<String> externalErrors, List<String> pageErrors, String errorCard, long millis, String waitedFor,
            boolean found) {
        String id() {
            return ui + " " + name;
        }

        List<Call> failing() {
            return calls.stream().filter(Call::failed).toList();
        }
    }

    /**
     * A line of known-failing-calls.txt or same-on-prefect.txt: {@code METHOD /path/template [on PAGE]
     * | owner | why}; with {@code on PAGE} (e.g. {@code on v2 artifact}) it is known on that page only.
     */
    record KnownFailure(String method, String path, String page, String owner, String why) {
        static List<KnownFailure> read(Path file) throws IOException {
            List<KnownFailure> known = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\|", 3);
                String[] call = parts[0].trim().split(" on ", 2);
                String[] methodPath = call[0].trim().split(" ", 2);
                known.add(new KnownFailure(methodPath[0], methodPath[1].trim(), call.length > 1 ? call[1].trim() : null,
                        parts[1].trim(), parts.length > 2 ? parts[2].trim() : ""));
            }
            return known;
        }

        static Optional<KnownFailure> match(List<KnownFailure> known, PageVisit visit, Call call) {
            return known.stream().filter(k -> k.matches(visit, call)).findFirst();
        }

        boolean matches(PageVisit visit, Call call) {
            return method.equals(call.method()) && path.equals(call.path()) && (page == null || page.equals(visit.id()));
        }

        @Override
        public String toString() {
            return method + " " + path + (page == null ? "" : " on " + page);
        }
    }

    /** Whose a failure on a page is. */
    enum Verdict {
        /** Prefect 3.9.1's own server gives the same on the same page (same-on-prefect.txt). */
        SAME_ON_PREFECT("same on Prefect 3.9.1"),
        /** A call of a resource jprefect's server does not have yet (known-failing-calls.txt). */
        MISSING_RESOURCE("of a resource jprefect does not have"),
        /** jprefect's own: it fails the test. */
        JPREFECT("jprefect's own");

        final String label;

        Verdict(String label) {
            this.label = label;
        }
    }

    /**
     * Judges what a page showed: every failing call, file and console or page error is the same on
     * Prefect 3.9.1 (listed for that page), a call of a resource jprefect does not have (listed), or
     * jprefect's own, which fails the test; an error card fails it unless a missing resource's call
     * explains it; a part drawn late must appear.
     */
    record Judge(List<KnownFailure> sameOnPrefect, List<KnownFailure> missing) {
        static Judge of(List<KnownFailure> sameOnPrefect, List<KnownFailure> missing) {
            assertThat(sameOnPrefect).as("same-on-prefect.txt: each line names the page it was checked on")
                    .allSatisfy(k -> assertThat(k.page()).as("%s", k).isNotNull());
            return new Judge(sameOnPrefect, missing);
        }

        Optional<KnownFailure> listing(PageVisit visit, Call call) {
            return KnownFailure.match(sameOnPrefect, visit, call).or(() -> KnownFailure.match(missing, visit, call));
        }

        Verdict call(PageVisit visit, Call call) {
            if (KnownFailure.match(sameOnPrefect, visit, call).isPresent()) {
                return Verdict.SAME_ON_PREFECT;
            }
            return KnownFailure.match(missing, visit, call).isPresent() ? Verdict.MISSING_RESOURCE : Verdict.JPREFECT;
        }

        /**
         * The failed request a console error names is judged as that request; any other console or page
         * error is the UI reporting its failed calls: judged as the worst of them, and jprefect's on a
         * page whose calls all succeeded.
         */
        Verdict consoleError(PageVisit visit, String error) {
            return failedRequest(visit, error).map(c -> call(visit, c)).orElseGet(() -> worstCall(visit));
        }

        Verdict worstCall(PageVisit visit) {
            return visit.failing().stream().map(c -> call(visit, c)).max(Comparator.naturalOrder()).orElse(Verdict.JPREFECT);
        }

        /** An error card is explained only by a call of a resource jprefect does not have (Prefect's own pages show none). */
        Verdict errorCard(PageVisit visit) {
            return visit.failing().stream().anyMatch(c -> call(visit, c) == Verdict.MISSING_RESOURCE)
                    ? Verdict.MISSING_RESOURCE : Verdict.JPREFECT;
        }

        List<String> problems(PageVisit visit) {
            List<String> out = new ArrayList<>();
            for (Call call : visit.failing()) {
                if (call(visit, call) == Verdict.JPREFECT) {
                    out.add(visit.id() + ": " + call + " is listed neither in known-failing-calls.txt nor in same-on-prefect.txt");
                }
            }
            if (visit.waitedFor() != null && !visit.found()) {
                out.add(visit.id() + ": " + visit.waitedFor() + " (drawn late) did not appear");
            }
            if (visit.errorCard() != null && errorCard(visit) == Verdict.JPREFECT) {
                out.add(visit.id() + ": shows \"" + visit.errorCard() + "\" with no call of a missing resource failing");
            }
            for (String error : visit.consoleErrors()) {
                Optional<Call> request = failedRequest(visit, error);
                boolean judgedAbove = request.isPresent() && visit.failing().contains(request.get());
                if (!judgedAbove && consoleError(visit, error) == Verdict.JPREFECT) {
                    out.add(visit.id() + ": console error " + error);
                }
            }
            if (worstCall(visit) == Verdict.JPREFECT) {
                visit.pageErrors().forEach(e -> out.add(visit.id() + ": page error " + e));
            }
            return out;
        }

        /** The lines of both lists that no page of this visit matched. */
        List<KnownFailure> unseen(List<PageVisit> visits) {
            List<KnownFailure> out = new ArrayList<>();
            for (KnownFailure k : concat(sameOnPrefect, missing)) {
                boolean seen = visits.stream().anyMatch(v -> v.failing().stream().anyMatch(c -> k.matches(v, c))
                        || v.consoleErrors().stream().map(e -> failedRequest(v, e)).flatMap(Optional::stream)
                                .anyMatch(c -> k.matches(v, c)));
                if (!seen) {
                    out.add(k);
                }
            }
            return out;
        }

        private static List<KnownFailure> concat(List<KnownFailure> a, List<KnownFailure> b) {
            List<KnownFailure> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }
    }

    /**
     * The markdown report the build keeps: totals per UI (failures split by whose they are), each
     * page's calls and failures, every console error with its verdict, and the listed failures no
     * page showed this time.
     */
    static final class Report {
        static String write(List<PageVisit> visits, Judge judge) {
            StringBuilder out = new StringBuilder("# Prefect's UI on jprefect: browser visit\n\n");
            for (String ui : List.of("v1", "v2")) {
                List<PageVisit> mine = visits.stream().filter(v -> v.ui().equals(ui)).toList();
                long calls = mine.stream().mapToLong(v -> v.calls().size()).sum();
                long external = mine.stream().mapToLong(v -> v.externalErrors().size()).sum();
                long millis = mine.stream().mapToLong(PageVisit::millis).sum();
                Map<Verdict, Long> failed = new EnumMap<>(Verdict.class);
                Map<Verdict, Long> console = new EnumMap<>(Verdict.class);
                Map<Verdict, Long> cards = new EnumMap<>(Verdict.class);
                for (PageVisit v : mine) {
                    v.failing().forEach(c -> failed.merge(judge.call(v, c), 1L, Long::sum));
                    v.consoleErrors().forEach(e -> console.merge(judge.consoleError(v, e), 1L, Long::sum));
                    if (v.errorCard() != null) {
                        cards.merge(judge.errorCard(v), 1L, Long::sum);
                    }
                }
                out.append("- ").append(ui).append(": ").append(mine.size()).append(" pages, ").append(calls)
                        .append(" API calls, ").append(total(failed)).append(" failed ").append(split(failed)).append(", ")
                        .append(total(console)).append(" console errors ").append(split(console))
                        .append(" (and ").append(external).append(" for other hosts, which this closed network refuses), ")
                        .append(total(cards)).append(" pages with an error card ").append(split(cards)).append("; ")
                        .append(millis / 1000).append(" s of visits\n");
            }
            out.append("\n| page | path | calls | failing calls (owner) | error card | console errors |\n|---|---|---|---|---|---|\n");
            for (PageVisit v : visits) {
                StringBuilder failing = new StringBuilder();
                for (Call c : v.failing()) {
                    String owner = judge.listing(v, c).map(KnownFailure::owner).orElse("NOT LISTED");
                    failing.append('`').append(c).append("` (").append(owner).append(")");
                    if (c.body() != null && !c.body().isEmpty()) {
                        failing.append(" body `").append(c.body().replace('|', '/').replace('`', '\'')).append('`');
                    }
                    failing.append("<br>");
                }
                out.append("| ").append(v.id()).append(" | `").append(v.path()).append("` | ").append(v.calls().size())
                        .append(" | ").append(failing).append(" | ").append(v.errorCard() == null ? "" : v.errorCard())
                        .append(" | ").append(v.consoleErrors().size()).append(" |\n");
            }
            out.append("\n## Console and page errors\n\n");
            for (PageVisit v : visits) {
                for (String e : v.consoleErrors()) {
                    out.append("- ").append(v.id()).append(" (").append(judge.consoleError(v, e).label).append("): ")
                            .append(e.replace('\n', ' ')).append('\n');
                }
                for (String e : v.externalErrors()) {
                    out.append("- ").append(v.id()).append(" (other host): ").append(e.replace('\n', ' ')).append('\n');
                }
                for (String e : v.pageErrors()) {
                    out.append("- ").append(v.id()).append(" (page error, ").append(judge.worstCall(v).label).append("): ")
                            .append(e.replace('\n', ' ')).append('\n');
                }
            }
            out.append("\n## Listed, but not seen in this visit\n\n");
            judge.unseen(visits).forEach(k -> out.append("- `").append(k).append("` (").append(k.owner()).append(")\n"));
            out.append("\n## Every API call\n\n");
            for (PageVisit v : visits) {
                out.append("- ").append(v.id()).append(": ");
                v.calls().forEach(c -> out.append('`').append(c).append("` "));
                out.append('\n');
            }
            return out.toString();
        }

        private static long total(Map<Verdict, Long> counts) {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }

        private static String split(Map<Verdict, Long> counts) {
            StringBuilder out = new StringBuilder("(");
            for (Verdict v : Verdict.values()) {
                out.append(v == Verdict.SAME_ON_PREFECT ? "" : ", ").append(counts.getOrDefault(v, 0L)).append(' ').append(v.label);
            }
            return out.append(')').toString();
        }
    }
}
