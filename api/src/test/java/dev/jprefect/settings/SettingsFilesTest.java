package dev.jprefect.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prefect's settings files: .env, prefect.toml and profiles.toml, in Prefect's order. */
@SuppressWarnings("try") // settings scopes are held for their effect, not referenced
class SettingsFilesTest {

    private static final String PROFILES = String.join("\n",
            "# written by `prefect profile create` and `prefect config set`",
            "active = \"local\"",
            "",
            "[profiles.ephemeral]",
            "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE = \"true\"",
            "",
            "[profiles.local]",
            "PREFECT_API_URL = \"http://127.0.0.1:4200/api\"",
            "PREFECT_API_KEY = 'pnu_local'   # a literal string",
            "PREFECT_LOGGING_LEVEL = \"WARNING\"",
            "PREFECT_CLIENT_MAX_RETRIES = 3",
            "",
            "[profiles.cloud]",
            "PREFECT_API_URL = \"https://api.prefect.cloud/api/accounts/a/workspaces/w\"",
            "PREFECT_API_KEY = \"pnu_cloud\"",
            "");

    @TempDir
    Path dir;

    private static String lookup(List<UnaryOperator<String>> sources, String name) {
        for (UnaryOperator<String> source : sources) {
            String value = source.apply(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private UnaryOperator<String> above(Map<String, String> values) {
        return values::get;
    }

    @Test
    void theTomlOfProfilesFilesReadsAsDottedKeys() {
        Map<String, String> flat = SettingsFiles.flatToml(PROFILES + "[profiles.\"x y\"]\nPREFECT_A = [\"a\", 'b', 1_000, true, -2.5e3]\n");

        assertThat(flat).containsEntry("active", "local")
                .containsEntry("profiles.local.PREFECT_API_KEY", "pnu_local")
                .containsEntry("profiles.local.PREFECT_CLIENT_MAX_RETRIES", "3")
                .containsEntry("profiles.x y.PREFECT_A", "[\"a\",\"b\",1000,true,-2.5e3]");
        assertThatThrownBy(() -> SettingsFiles.flatToml("a = 1\n\nb = { c = 2 }\n"))
                .hasMessage("line 3: inline tables are not supported");
        assertThatThrownBy(() -> SettingsFiles.flatToml("a = \"open\nb = 1\n")).hasMessage("line 1: unterminated string");
        assertThatThrownBy(() -> SettingsFiles.flatToml("a = 1\na = 2\n")).hasMessage("line 2: duplicate key a");
    }

    @Test
    void prefectTomlNestsSettingsByTheirModelPath() {
        assertThat(SettingsFiles.prefectToml("profiles_path = \"/p.toml\"\n[api]\nurl = \"http://h/api\"\n"
                + "[logging.to_api]\nenabled = false\n[server.api]\nport = 4300\n"))
                .containsExactly(Map.entry("PREFECT_PROFILES_PATH", "/p.toml"), Map.entry("PREFECT_API_URL", "http://h/api"),
                        Map.entry("PREFECT_LOGGING_TO_API_ENABLED", "false"), Map.entry("PREFECT_SERVER_API_PORT", "4300"));
    }

    @Test
    void dotenvLinesMayBeExportedQuotedOrCommented() {
        assertThat(SettingsFiles.dotenv("# comment\nexport PREFECT_API_URL=http://h:4200/api\n"
                + "PREFECT_API_KEY='pnu_x # not a comment'\nPREFECT_LOGGING_LEVEL=DEBUG # a comment\n"
                + "PREFECT_CLIENT_CUSTOM_HEADERS=\"{\\\"X-Team\\\": \\\"data\\\"}\"\nnot a setting\n"))
                .containsExactly(Map.entry("PREFECT_API_URL", "http://h:4200/api"),
                        Map.entry("PREFECT_API_KEY", "pnu_x # not a comment"), Map.entry("PREFECT_LOGGING_LEVEL", "DEBUG"),
                        Map.entry("PREFECT_CLIENT_CUSTOM_HEADERS", "{\"X-Team\": \"data\"}"));
    }

    @Test
    void dotenvThenPrefectTomlThenTheActiveProfile() throws IOException {
        Path profiles = Files.writeString(dir.resolve("profiles.toml"), PROFILES);
        Files.writeString(dir.resolve(".env"), "PREFECT_API_URL=http://from-dotenv/api\n");
        Files.writeString(dir.resolve("prefect.toml"), "[logging]\nlevel = \"DEBUG\"\n");

        List<UnaryOperator<String>> sources = SettingsFiles.sources(dir,
                above(Map.of("PREFECT_PROFILES_PATH", profiles.toString())));

        assertThat(lookup(sources, "PREFECT_API_URL")).isEqualTo("http://from-dotenv/api");
        assertThat(lookup(sources, "PREFECT_LOGGING_LEVEL")).isEqualTo("DEBUG");
        assertThat(lookup(sources, "PREFECT_API_KEY")).isEqualTo("pnu_local");
        assertThat(lookup(sources, "PREFECT_CLIENT_MAX_RETRIES")).isEqualTo("3");
        assertThat(lookup(sources, "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE")).as("another profile's").isNull();
    }

    @Test
    void prefectProfileChoosesTheProfileAndTheFileIsFoundAsPrefectFindsIt() throws IOException {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("profiles.toml"), PROFILES);
        Path work = Files.createDirectories(dir.resolve("work"));

        assertThat(lookup(SettingsFiles.sources(work, above(Map.of("PREFECT_HOME", home.toString(),
                "PREFECT_PROFILE", "cloud"))), "PREFECT_API_KEY")).isEqualTo("pnu_cloud");
        assertThat(lookup(SettingsFiles.sources(work, above(Map.of("PREFECT_HOME", home.toString(),
                "PREFECT_PROFILE", "missing"))), "PREFECT_API_KEY")).as("a profile the file lacks").isNull();

        Path elsewhere = Files.writeString(dir.resolve("elsewhere.toml"), "active = \"cloud\"\n" + PROFILES.replace(
                "active = \"local\"", ""));
        Files.writeString(work.resolve("prefect.toml"), "profiles_path = '" + elsewhere + "'\n");
        assertThat(lookup(SettingsFiles.sources(work, above(Map.of("PREFECT_HOME", home.toString()))),
                "PREFECT_API_KEY")).as("prefect.toml's profiles_path before PREFECT_HOME").isEqualTo("pnu_cloud");
    }

    @Test
    void aBrokenPrefectTomlIsAnErrorAndABrokenProfilesFileIsSkipped() throws IOException {
        Path profiles = Files.writeString(dir.resolve("profiles.toml"), "[profiles.local\nPREFECT_API_KEY = 1\n");
        Path work = Files.createDirectories(dir.resolve("work"));

        assertThat(lookup(SettingsFiles.sources(work, above(Map.of("PREFECT_PROFILES_PATH", profiles.toString()))),
                "PREFECT_API_KEY")).isNull();

        Files.writeString(work.resolve("prefect.toml"), "[api]\nurl = http://unquoted\n");
        assertThatThrownBy(() -> SettingsFiles.sources(work, above(Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Failed to load Prefect settings from " + work.resolve("prefect.toml"))
                .hasMessageContaining("line 2");
    }

    @Test
    void settingsReadTheProfileBelowEnvironmentVariablesAndOverrides() throws IOException {
        Path profiles = Files.writeString(dir.resolve("profiles.toml"), PROFILES);

        try (Settings.Scope scope = Settings.override(Map.of("PREFECT_PROFILES_PATH", profiles.toString(),
                "PREFECT_PROFILE", "cloud", "PREFECT_CLIENT_MAX_RETRIES", "7"))) {
            Settings settings = Settings.current();

            assertThat(settings.get(Setting.API_KEY)).isEqualTo(Optional.of("pnu_cloud"));
            assertThat(settings.get(Setting.API_URL))
                    .contains(URI.create("https://api.prefect.cloud/api/accounts/a/workspaces/w"));
            assertThat(settings.get(Setting.CLIENT_MAX_RETRIES)).isEqualTo(7);
            assertThat(Settings.isolated(Map.of()).get(Setting.API_KEY)).as("isolated settings read no file").isEmpty();
        }
    }
}
