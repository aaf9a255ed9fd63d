package dev.jprefect.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The {@link Setting} catalogue is the one source of the settings: the README's settings tables
 * must be exactly what it renders. On drift this fails with the tables to paste between the
 * {@code settings:begin} and {@code settings:end} markers of the README.
 */
class ReadmeSettingsTest {
    private static final String BEGIN = "<!-- settings:begin (generated from dev.jprefect.settings.Setting; ReadmeSettingsTest checks it) -->";
    private static final String END = "<!-- settings:end -->";

    /** Returns the tables the catalogue renders. */
    static String render() {
        StringBuilder out = new StringBuilder();
        out.append("Prefect's settings that jprefect reads (see Prefect's documentation for what they do):\n\n")
                .append("| setting | default | also read as |\n|---|---|---|\n");
        for (Setting<?> s : Setting.all()) {
            if (!s.isJprefectOnly()) {
                out.append("| `").append(s.name()).append("` | ").append(shownDefault(s)).append(" | ")
                        .append(s.aliases().stream().map(a -> "`" + a + "`").collect(Collectors.joining(", ")))
                        .append(" |\n");
            }
        }
        out.append("\nSettings that only jprefect has:\n\n| setting | default | meaning |\n|---|---|---|\n");
        for (Setting<?> s : Setting.all()) {
            if (s.isJprefectOnly()) {
                out.append("| `").append(s.name()).append("` | ").append(shownDefault(s)).append(" | ")
                        .append(s.description()).append(" |\n");
            }
        }
        return out.toString();
    }

    private static String shownDefault(Setting<?> s) {
        String text = s.defaultText();
        return text == null || text.isEmpty() ? "unset" : "`" + text + "`";
    }

    @Test
    void theReadmeTablesAreWhatTheCatalogueRenders() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("the README has the marker %s", BEGIN).isNotNegative();
        assertThat(end).as("the README has the marker %s", END).isGreaterThan(begin);
        String tables = readme.substring(begin + BEGIN.length(), end).strip() + "\n";
        assertThat(tables)
                .as("the README's settings tables drifted from the Setting catalogue; paste this between the markers:%n%s",
                        render())
                .isEqualTo(render());
    }

    @Test
    void everySettingHasAUniqueNameAndAlias() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Setting<?> s : Setting.all()) {
            assertThat(seen.add(s.name())).as("%s is declared once", s.name()).isTrue();
            s.aliases().forEach(a -> assertThat(seen.add(a)).as("alias %s is declared once", a).isTrue());
        }
        assertThat(Setting.all()).contains(Setting.API_REQUEST_TIMEOUT, Setting.TESTING_PREFECT_COMMAND);
    }
}
