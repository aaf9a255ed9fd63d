package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.internal.http.Router;
import dev.jprefect.settings.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Compares the route table with Prefect's OpenAPI paths: every route the server serves must be a
 * documented operation (nothing invented), and the coverage is written to
 * {@code target/route-coverage.md}.
 */
class RouteCoverageTest {

    @Test
    void everyServedRouteIsADocumentedPrefectOperation() throws IOException {
        Map<String, Map<String, Object>> paths = OpenApi.load().paths();
        PrefectServer server = PrefectServer.builder().settings(Settings.isolated(Map.of())).build();

        Map<String, Set<String>> served = new TreeMap<>();
        List<String> undocumented = new ArrayList<>();
        for (Router.Route route : server.routes()) {
            String template = route.template().replace(":uuid}", "}");
            Map<String, Object> documented = paths.get(template);
            if (documented == null || !documented.containsKey(route.method().toLowerCase())) {
                undocumented.add(route.method() + " " + template);
            }
            served.computeIfAbsent(template, t -> new TreeSet<>()).add(route.method());
        }
        assertThat(undocumented).as("routes Prefect's schema does not have").isEmpty();

        StringBuilder report = new StringBuilder("# Route coverage\n\n");
        int full = 0;
        List<String> partial = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : paths.entrySet()) {
            Set<String> methods = new TreeSet<>();
            e.getValue().keySet().forEach(m -> methods.add(m.toUpperCase()));
            Set<String> mine = served.getOrDefault(e.getKey(), Set.of());
            if (mine.containsAll(methods)) {
                full++;
            } else if (!mine.isEmpty()) {
                partial.add(e.getKey() + " (serves " + mine + " of " + methods + ")");
            } else {
                missing.add(e.getKey() + " " + methods);
            }
        }
        report.append("Served: ").append(full).append(" of ").append(paths.size()).append(" paths fully");
        report.append(", ").append(partial.size()).append(" partly, ").append(missing.size()).append(" not.\n\n");
        report.append("## Served\n\n");
        served.forEach((t, m) -> report.append("- ").append(m).append(' ').append(t).append('\n'));
        report.append("\n## Partly served\n\n");
        partial.forEach(p -> report.append("- ").append(p).append('\n'));
        report.append("\n## Not served\n\n");
        missing.forEach(p -> report.append("- ").append(p).append('\n'));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "route-coverage.md"), report);
        assertThat(full).isGreaterThanOrEqualTo(30);
    }
}
