package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.models.CsrfTokens;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The checks Prefect's middleware makes before routing, with its answers: CSRF tokens on change
 * requests when {@code PREFECT_SERVER_API_CSRF_PROTECTION_ENABLED} (403), then basic auth when
 * {@code PREFECT_SERVER_API_AUTH_STRING} is set (401; {@code GET} of health and readiness stays
 * open for probes).
 */
final class Security {
    /** The methods CSRF protection covers. */
    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** The probe paths below the API root that stay open with an auth string. */
    private static final Set<String> PROBES = Set.of("/health", "/health/", "/ready", "/ready/");

    private final ServerSettings settings;
    private final CsrfTokens csrfTokens;

    Security(ServerSettings settings, CsrfTokens csrfTokens) {
        this.settings = settings;
        this.csrfTokens = csrfTokens;
    }

    /** Throws the refusal if {@code request} (path below the API root: {@code path}) may not proceed. */
    void check(ApiRequest request, String path) {
        if (settings.csrfEnabled && CHANGES.contains(request.method())) {
            checkCsrf(request);
        }
        if (settings.authString.isPresent() && !isProbe(request, path)) {
            checkAuth(request, settings.authString.get());
        }
    }

    private void checkCsrf(ApiRequest request) {
        Optional<String> token = request.headers().first("Prefect-Csrf-Token");
        Optional<String> client = request.headers().first("Prefect-Csrf-Client");
        if (token.isEmpty()) {
            throw ApiError.detail(403, "Missing CSRF token.");
        }
        if (client.isEmpty()) {
            throw ApiError.detail(403, "Missing client identifier.");
        }
        if (!csrfTokens.isValid(client.get(), token.get())) {
            ApiResponse refused = ApiError.detail(403, "Invalid CSRF token or client identifier.").response();
            throw ApiError.of(refused.toBuilder().header("Access-Control-Allow-Origin", "*").build());
        }
    }

    /**
     * Returns true for a read of {@code /health} or {@code /ready} (either with a trailing slash).
     * Prefect's middleware lets through any GET whose path merely ends in "health" or "ready", which
     * would also open {@code /flows/name/health} or {@code /variables/name/already}: the probes are
     * matched exactly here.
     */
    private static boolean isProbe(ApiRequest request, String path) {
        String method = request.method();
        return ("GET".equals(method) || "HEAD".equals(method)) && PROBES.contains(path);
    }

    private static void checkAuth(ApiRequest request, String authString) {
        Optional<String> header = request.headers().first("Authorization");
        if (header.isEmpty()) {
            throw unauthorized();
        }
        String[] parts = header.get().trim().split("\\s+");
        if (parts.length != 2 || !"Basic".equals(parts[0])) {
            throw unauthorized();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthorized();
        }
        if (!constantTimeEquals(decoded, authString)) {
            throw unauthorized();
        }
    }

    private static ApiError unauthorized() {
        return ApiError.exceptionMessage(401, "Unauthorized");
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
