package dev.jprefect.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // settings scopes and leases are held for their effect, not referenced
class SettingsTest {

    @Test
    void defaultsAreThoseOfPrefect() {
        Settings s = Settings.isolated(Map.of());
        assertThat(s.get(Setting.API_URL)).isEmpty();
        assertThat(s.get(Setting.API_REQUEST_TIMEOUT)).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.get(Setting.CLIENT_MAX_RETRIES)).isEqualTo(5);
        assertThat(s.get(Setting.CLIENT_RETRY_JITTER_FACTOR)).isEqualTo(0.2);
        assertThat(s.get(Setting.CLIENT_RETRY_EXTRA_CODES)).isEmpty();
        assertThat(s.get(Setting.CLIENT_CSRF_SUPPORT_ENABLED)).isTrue();
        assertThat(s.get(Setting.CLIENT_CUSTOM_HEADERS)).isEmpty();
        assertThat(s.get(Setting.CLOUD_API_URL)).isEqualTo(URI.create("https://api.prefect.cloud/api"));
        assertThat(s.get(Setting.SERVER_ALLOW_EPHEMERAL_MODE)).isTrue();
        assertThat(s.get(Setting.SERVER_API_CSRF_TOKEN_EXPIRATION)).isEqualTo(Duration.ofHours(1));
        assertThat(s.get(Setting.SERVER_API_PORT)).isEqualTo(4200);
    }

    @Test
    void explicitValuesAreParsed() {
        Settings s = Settings.isolated(Map.of(
                "PREFECT_API_URL", "http://127.0.0.1:4200/api",
                "PREFECT_API_REQUEST_TIMEOUT", "2.5",
                "PREFECT_CLIENT_RETRY_EXTRA_CODES", "[500, 504]",
                "PREFECT_CLIENT_CUSTOM_HEADERS", "{\"X-Team\": \"data\"}",
                "PREFECT_API_ENABLE_HTTP2", "yes"));
        assertThat(s.get(Setting.API_URL)).contains(URI.create("http://127.0.0.1:4200/api"));
        assertThat(s.get(Setting.API_REQUEST_TIMEOUT)).isEqualTo(Duration.ofMillis(2500));
        assertThat(s.get(Setting.CLIENT_RETRY_EXTRA_CODES)).isEqualTo(Set.of(500, 504));
        assertThat(s.get(Setting.CLIENT_CUSTOM_HEADERS)).isEqualTo(Map.of("X-Team", "data"));
        assertThat(s.get(Setting.API_ENABLE_HTTP2)).isTrue();
    }

    @Test
    void retryCodesAcceptACommaSeparatedList() {
        Settings s = Settings.isolated(Map.of("PREFECT_CLIENT_RETRY_EXTRA_CODES", "500,502 , 504"));
        assertThat(s.get(Setting.CLIENT_RETRY_EXTRA_CODES)).isEqualTo(Set.of(500, 502, 504));
    }

    @Test
    void aliasesAreReadAfterTheName() {
        Settings alias = Settings.isolated(Map.of("PREFECT_SERVER_EPHEMERAL_ENABLED", "false"));
        assertThat(alias.get(Setting.SERVER_ALLOW_EPHEMERAL_MODE)).isFalse();
        Settings both = Settings.isolated(Map.of(
                "PREFECT_SERVER_EPHEMERAL_ENABLED", "false", "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "true"));
        assertThat(both.get(Setting.SERVER_ALLOW_EPHEMERAL_MODE)).isTrue();
    }

    @Test
    void blankTextCountsAsUnset() {
        Settings s = Settings.isolated(Map.of("PREFECT_API_URL", "  ", "PREFECT_CLIENT_MAX_RETRIES", ""));
        assertThat(s.get(Setting.API_URL)).isEmpty();
        assertThat(s.get(Setting.CLIENT_MAX_RETRIES)).isEqualTo(5);
    }

    @Test
    void aUrlThatDoesNotParseNamesTheSettingAndTheValue() {
        Settings s = Settings.isolated(Map.of("PREFECT_API_URL", "http://exa mple/api"));
        assertThatThrownBy(() -> s.get(Setting.API_URL))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("PREFECT_API_URL")
                .hasMessageContaining("http://exa mple/api")
                .hasMessageContaining("absolute URL");
    }

    @Test
    void aRelativeUrlIsRejected() {
        Settings s = Settings.isolated(Map.of("PREFECT_API_URL", "localhost:4200/api"));
        assertThatThrownBy(() -> s.get(Setting.API_URL)).isInstanceOf(InvalidSettingException.class);
    }

    @Test
    void aNonNumberNamesTheSetting() {
        Settings s = Settings.isolated(Map.of("PREFECT_CLIENT_MAX_RETRIES", "five"));
        assertThatThrownBy(() -> s.get(Setting.CLIENT_MAX_RETRIES))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("PREFECT_CLIENT_MAX_RETRIES='five' is not valid: expected a whole number of at least 0")
                .satisfies(e -> {
                    InvalidSettingException invalid = (InvalidSettingException) e;
                    assertThat(invalid.setting()).isEqualTo("PREFECT_CLIENT_MAX_RETRIES");
                    assertThat(invalid.value()).isEqualTo("five");
                });
    }

    @Test
    void aRetryCodeThatIsNotAnHttpStatusIsRejected() {
        Settings s = Settings.isolated(Map.of("PREFECT_CLIENT_RETRY_EXTRA_CODES", "500,99"));
        assertThatThrownBy(() -> s.get(Setting.CLIENT_RETRY_EXTRA_CODES))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("PREFECT_CLIENT_RETRY_EXTRA_CODES='500,99'")
                .hasMessageContaining("100 to 599");
    }

    @Test
    void customHeadersThatAreNotAJsonObjectAreRejected() {
        for (String bad : new String[] {"X-Team: data", "[\"a\"]", "{\"X-Count\": 3}"}) {
            Settings s = Settings.isolated(Map.of("PREFECT_CLIENT_CUSTOM_HEADERS", bad));
            assertThatThrownBy(() -> s.get(Setting.CLIENT_CUSTOM_HEADERS))
                    .as(bad)
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("PREFECT_CLIENT_CUSTOM_HEADERS")
                    .hasMessageContaining("JSON object");
        }
    }

    @Test
    void secretsAreNotPrintedInErrors() {
        assertThat(Setting.API_KEY.isSecret()).isTrue();
        assertThat(Setting.API_URL.isSecret()).isFalse();
    }

    @Test
    void withAddsAnExplicitValueOnTop() {
        Settings base = Settings.isolated(Map.of("PREFECT_CLIENT_MAX_RETRIES", "1"));
        Settings changed = base.with(Setting.CLIENT_MAX_RETRIES, "3");
        assertThat(changed.get(Setting.CLIENT_MAX_RETRIES)).isEqualTo(3);
        assertThat(base.get(Setting.CLIENT_MAX_RETRIES)).isEqualTo(1);
    }

    @Test
    void systemPropertiesAreRead() {
        String name = "PREFECT_LOGGING_LEVEL";
        String before = System.getProperty(name);
        System.setProperty(name, "debug");
        try {
            assertThat(Settings.of(Map.of()).get(Setting.LOGGING_LEVEL)).isEqualTo("DEBUG");
            assertThat(Settings.of(Map.of(name, "warning")).get(Setting.LOGGING_LEVEL)).isEqualTo("WARNING");
            assertThat(Settings.isolated(Map.of()).get(Setting.LOGGING_LEVEL)).isEqualTo("INFO");
        } finally {
            if (before == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, before);
            }
        }
    }

    @Test
    void scopedOverridesNestAndRestore() {
        String name = "PREFECT_CLIENT_TRANSPORT";
        Optional<String> outside = Settings.current().get(Setting.CLIENT_TRANSPORT);
        try (Settings.Scope outer = Settings.override(Map.of(name, "outer"))) {
            assertThat(Settings.current().get(Setting.CLIENT_TRANSPORT)).contains("outer");
            try (Settings.Scope inner = Settings.override(Map.of(name, "inner"))) {
                assertThat(Settings.current().get(Setting.CLIENT_TRANSPORT)).contains("inner");
            }
            assertThat(Settings.current().get(Setting.CLIENT_TRANSPORT)).contains("outer");
        }
        assertThat(Settings.current().get(Setting.CLIENT_TRANSPORT)).isEqualTo(outside);
    }

    @Test
    void scopedOverridesAreSeenByThreadsStartedInsideTheScopeButNotByOthers() throws Exception {
        String name = "PREFECT_CLIENT_TRANSPORT";
        CompletableFuture<Optional<String>> unrelated = new CompletableFuture<>();
        CompletableFuture<Void> scopeOpen = new CompletableFuture<>();
        Thread other = new Thread(() -> {
            scopeOpen.join();
            unrelated.complete(Settings.current().get(Setting.CLIENT_TRANSPORT));
        });
        other.start();
        try (Settings.Scope scope = Settings.override(Map.of(name, "scoped"))) {
            CompletableFuture<Optional<String>> child = new CompletableFuture<>();
            new Thread(() -> child.complete(Settings.current().get(Setting.CLIENT_TRANSPORT))).start();
            assertThat(child.get(10, TimeUnit.SECONDS)).contains("scoped");
            scopeOpen.complete(null);
            assertThat(unrelated.get(10, TimeUnit.SECONDS)).isNotEqualTo(Optional.of("scoped"));
        }
    }

    @Test
    void aScopeMustBeClosedOnItsOwnThread() throws Exception {
        Settings.Scope scope = Settings.override(Map.of("PREFECT_CLIENT_TRANSPORT", "x"));
        try {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            new Thread(() -> {
                try {
                    scope.close();
                    failure.complete(null);
                } catch (RuntimeException e) {
                    failure.complete(e);
                }
            }).start();
            assertThat(failure.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed on the thread that opened it");
        } finally {
            scope.close();
        }
        assertThat(Settings.current().get(Setting.CLIENT_TRANSPORT)).isNotEqualTo(Optional.of("x"));
    }

    @Test
    void jvmOverridesAreSeenEverywhereAndLoseToThreadScopes() throws Exception {
        String name = "PREFECT_CLIENT_TRANSPORT";
        try (Settings.Scope jvm = Settings.overrideForJvm(Map.of(name, "jvm"))) {
            CompletableFuture<Optional<String>> seen = new CompletableFuture<>();
            Thread thread = new Thread(() -> seen.complete(Settings.current().get(Setting.CLIENT_TRANSPORT)));
            thread.start();
            assertThat(seen.get(10, TimeUnit.SECONDS)).contains("jvm");
            try (Settings.Scope local = Settings.override(Map.of(name, "thread"))) {
                assertThat(Settings.current().get(Setting.CLIENT_TRANSPORT)).contains("thread");
            }
        }
        assertThat(Settings.current().get(Setting.CLIENT_TRANSPORT)).isNotEqualTo(Optional.of("jvm"));
    }
}
