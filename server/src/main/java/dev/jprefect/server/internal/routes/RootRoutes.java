package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.http.Call;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.models.CsrfTokens;
import dev.jprefect.settings.InvalidSettingException;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The routes outside any resource: {@code /health}, {@code /version}, {@code /hello},
 * {@code /ready}, {@code /admin/version}, {@code /admin/settings} and {@code /csrf-token}.
 */
final class RootRoutes {
    /** The REST API version Prefect 3 servers report on {@code /version} (its {@code SERVER_API_VERSION}). */
    static final String SERVER_API_VERSION = "0.8.4";
    /**
     * What {@code /admin/version} reports: the Prefect release whose API this server speaks (the
     * build's pinned reference, written into {@code prefect-api.properties}) with a local part that
     * says this is jprefect, e.g. {@code 3.9.1+jprefect}. Prefect's clients require the same major
     * version and warn when the server's is lower than theirs; PEP 440 orders {@code 3.9.1+jprefect}
     * after {@code 3.9.1}, so the pinned client does not warn.
     */
    static final String PREFECT_VERSION = pinnedPrefectVersion() + "+jprefect";
    /** How Prefect shows a secret setting's value. */
    static final String OBFUSCATED = "********";
    private final CsrfTokens csrfTokens;
    private final ServerSettings settings;

    private RootRoutes(CsrfTokens csrfTokens, ServerSettings settings) {
        this.csrfTokens = csrfTokens;
        this.settings = settings;
    }

    private static String pinnedPrefectVersion() {
        Properties api = new Properties();
        try (InputStream in = RootRoutes.class.getResourceAsStream("prefect-api.properties")) {
            if (in == null) {
                throw new IllegalStateException("prefect-api.properties is missing from the server's jar");
            }
            api.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return api.getProperty("version");
    }

    /** Adds {@code /health} and {@code /version}, which Prefect registers before every router. */
    static void registerFirst(Router router) {
        router.add("GET", "/health", call -> Responses.ok(true))
                .add("GET", "/version", call -> Responses.ok(SERVER_API_VERSION));
    }

    /** Adds the csrf-token, admin and root routes, which Prefect registers after the resources. */
    static void registerLast(Router router, CsrfTokens csrfTokens, ServerSettings settings, Guard guard) {
        RootRoutes r = new RootRoutes(csrfTokens, settings);
        router.add("GET", "/csrf-token", guard.versioned(r::csrfToken))
                .add("GET", "/admin/settings", guard.versioned(r::settings))
                .add("GET", "/admin/version", guard.versioned(call -> Responses.ok(PREFECT_VERSION)))
                .add("GET", "/hello", guard.versioned(call -> Responses.ok("\uD83D\uDC4B")))
                .add("GET", "/ready", guard.versioned(call -> Responses.ok(Map.of("message", "OK"))));
    }

    /** Creates or replaces the CSRF token of the client named in the query; 422 when CSRF protection is off. */
    private ApiResponse csrfToken(Call call) {
        String client = call.requiredQuery("client");
        if (!settings.csrfEnabled) {
            throw ApiError.detail(422, "CSRF protection is disabled.");
        }
        return Responses.ok(csrfTokens.issue(client, settings.csrfTokenExpiration));
    }

    /** The settings the server knows, nested as Prefect's {@code Settings}, secrets obfuscated. */
    private ApiResponse settings(Call call) {
        Map<String, Object> out = new LinkedHashMap<>();
        Settings s = settings.settings;
        put(out, "api.url", s, Setting.API_URL);
        put(out, "api.auth_string", s, Setting.API_AUTH_STRING);
        put(out, "api.key", s, Setting.API_KEY);
        put(out, "api.tls_insecure_skip_verify", s, Setting.API_TLS_INSECURE_SKIP_VERIFY);
        put(out, "api.ssl_cert_file", s, Setting.API_SSL_CERT_FILE);
        put(out, "api.enable_http2", s, Setting.API_ENABLE_HTTP2);
        put(out, "api.request_timeout", s, Setting.API_REQUEST_TIMEOUT);
        put(out, "client.max_retries", s, Setting.CLIENT_MAX_RETRIES);
        put(out, "client.retry_jitter_factor", s, Setting.CLIENT_RETRY_JITTER_FACTOR);
        put(out, "client.retry_extra_codes", s, Setting.CLIENT_RETRY_EXTRA_CODES);
        put(out, "client.csrf_support_enabled", s, Setting.CLIENT_CSRF_SUPPORT_ENABLED);
        put(out, "client.custom_headers", s, Setting.CLIENT_CUSTOM_HEADERS);
        put(out, "cloud.api_url", s, Setting.CLOUD_API_URL);
        put(out, "flows.default_retries", s, Setting.FLOWS_DEFAULT_RETRIES);
        put(out, "flows.default_retry_delay_seconds", s, Setting.FLOWS_DEFAULT_RETRY_DELAY_SECONDS);
        put(out, "logging.level", s, Setting.LOGGING_LEVEL);
        put(out, "logging.to_api.enabled", s, Setting.LOGGING_TO_API_ENABLED);
        put(out, "logging.to_api.batch_interval", s, Setting.LOGGING_TO_API_BATCH_INTERVAL);
        put(out, "logging.to_api.batch_size", s, Setting.LOGGING_TO_API_BATCH_SIZE);
        put(out, "logging.to_api.max_log_size", s, Setting.LOGGING_TO_API_MAX_LOG_SIZE);
        put(out, "server.analytics_enabled", s, Setting.SERVER_ANALYTICS_ENABLED);
        put(out, "server.api.auth_string", s, Setting.SERVER_API_AUTH_STRING);
        put(out, "server.api.host", s, Setting.SERVER_API_HOST);
        put(out, "server.api.port", s, Setting.SERVER_API_PORT);
        put(out, "server.api.default_limit", s, Setting.SERVER_API_DEFAULT_LIMIT);
        put(out, "server.api.csrf_protection_enabled", s, Setting.SERVER_API_CSRF_PROTECTION_ENABLED);
        put(out, "server.api.csrf_token_expiration", s, Setting.SERVER_API_CSRF_TOKEN_EXPIRATION);
        put(out, "server.database.timeout", s, Setting.SERVER_DATABASE_TIMEOUT);
        put(out, "server.database.connection_timeout", s, Setting.SERVER_DATABASE_CONNECTION_TIMEOUT);
        put(out, "server.database.sqlalchemy.pool_size", s, Setting.SERVER_DATABASE_SQLALCHEMY_POOL_SIZE);
        put(out, "server.database.sqlalchemy.pool_timeout", s, Setting.SERVER_DATABASE_SQLALCHEMY_POOL_TIMEOUT);
        put(out, "server.ephemeral.enabled", s, Setting.SERVER_ALLOW_EPHEMERAL_MODE);
        Object startup = value(s, Setting.SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS);
        nested(out, "server.ephemeral.startup_timeout_seconds",
                startup instanceof Double ? (Object) (long) Math.ceil((Double) startup) : null);
        put(out, "tasks.default_retries", s, Setting.TASKS_DEFAULT_RETRIES);
        put(out, "tasks.default_retry_delay_seconds", s, Setting.TASKS_DEFAULT_RETRY_DELAY_SECONDS);
        put(out, "tasks.runner.thread_pool_max_workers", s, Setting.TASKS_RUNNER_THREAD_POOL_MAX_WORKERS);
        return Responses.ok(out);
    }

    private static void put(Map<String, Object> out, String path, Settings s, Setting<?> setting) {
        nested(out, path, value(s, setting));
    }

    /**
     * Returns a setting's value as JSON: secrets obfuscated, seconds settings as numbers, the CSRF
     * token lifetime as an ISO-8601 duration (as pydantic writes a timedelta); null if unset or invalid.
     */
    private static Object value(Settings s, Setting<?> setting) {
        Object v;
        try {
            v = s.get(setting);
        } catch (InvalidSettingException e) {
            return null;
        }
        if (v instanceof Optional) {
            v = ((Optional<?>) v).orElse(null);
        }
        if (v == null) {
            return null;
        }
        if (setting.isSecret()) {
            return OBFUSCATED;
        }
        if (v instanceof Duration) {
            return setting == Setting.SERVER_API_CSRF_TOKEN_EXPIRATION ? v.toString() : ((Duration) v).toNanos() / 1e9;
        }
        if (v instanceof URI || v instanceof Path) {
            return v.toString();
        }
        if (v instanceof Set) {
            return new ArrayList<>((Set<?>) v);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static void nested(Map<String, Object> out, String path, Object value) {
        String[] keys = path.split("\\.");
        Map<String, Object> at = out;
        for (int i = 0; i < keys.length - 1; i++) {
            at = (Map<String, Object>) at.computeIfAbsent(keys[i], k -> new LinkedHashMap<>());
        }
        at.put(keys[keys.length - 1], value);
    }
}
