package dev.jprefect.integration.prefect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.settings.Setting;
import dev.jprefect.harness.junit.PrefectTest;
import dev.jprefect.integration.prefect.Differential.Answer;
import dev.jprefect.integration.prefect.Differential.Scenario;
import dev.jprefect.integration.prefect.Differential.Side;
import dev.jprefect.integration.prefect.Differential.Step;
import dev.jprefect.server.OpenApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The differential suite: one set of HTTP scenarios (every route jprefect's server serves, valid and
 * invalid input, orchestration sequences) run against jprefect's server (on a loopback port, over
 * real HTTP) and against the real Prefect server, their answers compared (see {@link Differential}).
 * The build writes the comparison to {@code target/differential-report.md}.
 *
 * <p>Every difference found must be listed in {@code docs/compatibility.md} (in its "Differences the
 * differential suite finds" block, with the reason there; {@code *} in a line stands for any text),
 * and every line listed there must still match a difference found: a fix must also remove its line.
 * So the document and the servers cannot drift apart unnoticed.
 */
@ExtendWith(RealPrefect.class)
@Timeout(value = RealPrefect.TEST_TIMEOUT_MINUTES, unit = TimeUnit.MINUTES)
@PrefectTest(mode = PrefectTestHarness.Mode.PREFECT_SERVER, scope = PrefectTest.Scope.PER_RUN)
class DifferentialTest {

    /** Where the known differences are listed, relative to this module. */
    static final Path COMPATIBILITY = Path.of("..", "docs", "compatibility.md");

    /** The heading of the block of known differences in {@link #COMPATIBILITY}. */
    static final String KNOWN_HEADING = "## Differences the differential suite finds";

    private static PrefectTestHarness jprefectServer;

    @BeforeAll
    static void startJprefectsServer() {
        // without background services, as the real server runs (--no-services): no run made or marked Late mid-scenario
        jprefectServer = PrefectTestHarness.builder().mode(PrefectTestHarness.Mode.SERVER)
                .setting(Setting.SERVER_SERVICES_SCHEDULER_ENABLED, "false")
                .setting(Setting.SERVER_SERVICES_LATE_RUNS_ENABLED, "false")
                .setting(Setting.SERVER_SERVICES_REPOSSESSOR_ENABLED, "false")
                .startDetached();
    }

    @AfterAll
    static void stopJprefectsServer() {
        jprefectServer.close();
    }

    @Test
    void jprefects_server_answers_as_the_real_prefect_server_does(PrefectTestHarness prefect) throws IOException {
        OpenApi openApi = OpenApi.load();
        Side jprefect = new Side("jprefect", jprefectServer.apiUrl());
        Side real = new Side("prefect", prefect.apiUrl());
        try {
            List<Scenario> scenarios = Scenarios.all();
            Map<String, List<String>> found = new TreeMap<>();
            StringBuilder report = new StringBuilder("# Differential report: jprefect's server vs Prefect "
                    + RealPrefect.version() + "\n\n");
            int steps = 0;
            int differing = 0;
            Map<String, List<String>> offSchema = Map.of("jprefect", new ArrayList<>(), "prefect", new ArrayList<>());
            int validated = 0;
            for (Scenario scenario : scenarios) {
                List<List<Answer>> mine = jprefect.run(scenario);
                List<List<Answer>> theirs = real.run(scenario);
                report.append("## ").append(scenario.name).append("\n\n");
                for (int i = 0; i < scenario.steps.size(); i++) {
                    Step step = scenario.steps.get(i);
                    steps++;
                    List<String> differences = Differential.compare(step, mine.get(i), theirs.get(i));
                    for (Map.Entry<String, List<Answer>> side : Map.of("jprefect", mine.get(i), "prefect", theirs.get(i)).entrySet()) {
                        for (Answer answer : side.getValue()) {
                            OpenApi.Verdict verdict = openApi.checkResponse(step.method, step.path, answer.status(), answer.text());
                            validated += verdict.operation() == null ? 0 : 1;
                            verdict.problems().forEach(p -> offSchema.get(side.getKey()).add(scenario.name + " :: " + p));
                        }
                    }
                    report.append("- #").append(i + 1).append(' ').append(step).append(": ")
                            .append(mine.get(i).get(0).status()).append(" / ").append(theirs.get(i).get(0).status());
                    if (step.path.endsWith("/set_state")) {
                        Object body = theirs.get(i).get(0).body();
                        report.append(" (Prefect: ").append(Differential.at(body, "status")).append(' ')
                                .append(Differential.at(body, "state.type")).append(' ')
                                .append(Differential.at(body, "state.name")).append(')');
                    }
                    if (differences.isEmpty()) {
                        report.append(", same\n");
                        continue;
                    }
                    differing++;
                    report.append('\n');
                    for (String difference : differences) {
                        String key = key(scenario, i, step, difference);
                        found.computeIfAbsent(scenario.name, k -> new ArrayList<>()).add(key);
                        report.append("  - ").append(difference).append('\n');
                    }
                    report.append("  - jprefect: `").append(abbreviate(mine.get(i).get(0).text())).append("`\n");
                    report.append("  - Prefect: `").append(abbreviate(theirs.get(i).get(0).text())).append("`\n");
                }
                report.append('\n');
            }

            Set<String> served = servedRoutes(jprefect, openApi);
            Set<String> exercised = new TreeSet<>();
            for (Scenario scenario : scenarios) {
                for (Step step : scenario.steps) {
                    String path = step.path.replaceAll("\\$\\{[^}]+}", "X").replaceAll("\\?.*", "");
                    openApi.templateOf(path).ifPresent(template -> exercised.add(step.method + " " + template));
                }
            }
            Set<String> unexercised = new TreeSet<>(served);
            unexercised.removeAll(exercised);

            Set<String> differences = new TreeSet<>();
            found.values().forEach(differences::addAll);
            Set<String> known = known();
            Set<String> undocumented = new TreeSet<>();
            for (String difference : differences) {
                if (known.stream().noneMatch(line -> matches(line, difference))) {
                    undocumented.add(difference);
                }
            }
            Set<String> stale = new TreeSet<>();
            for (String line : known) {
                if (differences.stream().noneMatch(difference -> matches(line, difference))) {
                    stale.add(line);
                }
            }

            String summary = scenarios.size() + " scenarios, " + steps + " exchanges compared, " + differing
                    + " with differences (" + differences.size() + " differences); " + served.size()
                    + " routes served by jprefect, " + (served.size() - unexercised.size()) + " exercised; " + validated
                    + " answers validated against Prefect's OpenAPI document, off it: jprefect's "
                    + offSchema.get("jprefect").size() + ", Prefect's " + offSchema.get("prefect").size() + ".\n\n";
            report.insert(report.indexOf("\n\n") + 2, summary + "All differences, as listed in docs/compatibility.md:\n\n```text\n"
                    + String.join("\n", differences) + "\n```\n\n");
            Path out = Path.of(System.getProperty("jprefect.differential.report", "target/differential-report.md"));
            Files.createDirectories(out.getParent());
            for (String side : List.of("jprefect", "prefect")) {
                if (!offSchema.get(side).isEmpty()) {
                    report.append("## ").append(side).append("'s answers off Prefect's OpenAPI document\n\n");
                    offSchema.get(side).forEach(p -> report.append("- ").append(p).append('\n'));
                    report.append('\n');
                }
            }
            Files.writeString(out, report);

            assertThat(unexercised).as("routes jprefect serves that no scenario exercises").isEmpty();
            assertThat(validated).as("answers validated against the document (most of both sides')").isGreaterThan(steps);
            assertThat(offSchema.get("jprefect")).as("jprefect's answers that break Prefect's OpenAPI document (see %s)", out).isEmpty();
            assertThat(offSchema.get("prefect")).as("the real Prefect's answers the checker rejects: a checker bug (see %s)", out).isEmpty();
            assertThat(undocumented).as("differences not listed in %s (see %s)", COMPATIBILITY, out).isEmpty();
            assertThat(stale).as("differences listed in %s that no longer occur: fixed? remove them", COMPATIBILITY).isEmpty();
        } finally {
            jprefect.close();
            real.close();
        }
    }

    /** The stable name of a difference: scenario, step number, request (templates kept), difference. */
    private static String key(Scenario scenario, int index, Step step, String difference) {
        return scenario.name + " :: #" + (index + 1) + " " + step.method + " " + step.path + " :: " + difference;
    }

    private static String abbreviate(String text) {
        String flat = text == null ? "" : text.replace('\n', ' ').replace('`', '\'');
        return flat.length() > 400 ? flat.substring(0, 400) + "..." : flat;
    }

    /** Whether a line of the known differences, in which {@code *} stands for any text, names {@code difference}. */
    static boolean matches(String line, String difference) {
        StringBuilder regex = new StringBuilder();
        for (String part : line.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return difference.matches(regex.toString());
    }

    /** Reads the known differences: the lines of the first text block under {@link #KNOWN_HEADING}. */
    private static Set<String> known() throws IOException {
        String doc = Files.readString(COMPATIBILITY);
        int at = doc.indexOf(KNOWN_HEADING);
        assertThat(at).as("%s has a section '%s'", COMPATIBILITY, KNOWN_HEADING).isNotNegative();
        Matcher block = Pattern.compile("```text\\n(.*?)```", Pattern.DOTALL).matcher(doc.substring(at));
        assertThat(block.find()).as("a ```text block under '%s'", KNOWN_HEADING).isTrue();
        Set<String> known = new LinkedHashSet<>();
        for (String line : block.group(1).split("\n")) {
            if (!line.isBlank()) {
                known.add(line.strip());
            }
        }
        return known;
    }

    /**
     * The routes jprefect's server serves, found by asking it every operation of Prefect's OpenAPI
     * document: a route it does not serve answers FastAPI's {@code 404 {"detail":"Not Found"}} or a 405.
     */
    private static Set<String> servedRoutes(Side jprefect, OpenApi openApi) {
        Set<String> served = new TreeSet<>();
        String id = UUID.randomUUID().toString();
        for (Map.Entry<String, Map<String, Object>> path : openApi.paths().entrySet()) {
            for (String method : path.getValue().keySet()) {
                String upper = method.toUpperCase();
                String concrete = path.getKey().replaceAll("\\{[^}]+}", id);
                boolean hasBody = upper.equals("POST") || upper.equals("PATCH") || upper.equals("PUT");
                Answer answer = jprefect.send(upper, concrete, hasBody ? "{}" : null);
                boolean unrouted = answer.status() == 405
                        || (answer.status() == 404 && Map.of("detail", "Not Found").equals(answer.body()));
                if (!unrouted) {
                    served.add(upper + " " + path.getKey());
                }
            }
        }
        return served;
    }
}
