package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.TestClient.Reply;
import dev.jprefect.settings.Settings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code PREFECT_SERVER_API_AUTH_STRING} and CSRF protection, with Prefect's answers. */
class SecurityTest {

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withAnAuthStringEveryRouteButTheProbesNeedsBasicAuth() {
        TestClient client = new TestClient(PrefectServer.builder()
                .settings(Settings.isolated(Map.of("PREFECT_SERVER_API_AUTH_STRING", "admin:pass"))).build());
        Reply refused = client.get("/api/hello");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.map()).isEqualTo(Map.of("exception_message", "Unauthorized"));
        assertThat(client.send("GET", "/api/hello", null, Map.of("Authorization", basic("admin:wrong"))).status()).isEqualTo(401);
        assertThat(client.send("GET", "/api/hello", null, Map.of("Authorization", "Bearer admin:pass")).status()).isEqualTo(401);
        assertThat(client.send("GET", "/api/hello", null, Map.of("Authorization", "Basic !!!")).status()).isEqualTo(401);
        assertThat(client.send("GET", "/api/hello", null, Map.of("Authorization", basic("admin:pass"))).status()).isEqualTo(200);
        assertThat(client.get("/api/health").status()).isEqualTo(200);
        assertThat(client.get("/api/ready").status()).isEqualTo(200);
        assertThat(client.get("/api/health/").status()).isEqualTo(200);
        assertThat(client.post("/api/flows/", Map.of("name", "x")).status()).isEqualTo(401);
        // only the probes themselves are open, not every path that ends like one
        assertThat(client.get("/api/flows/name/health").status()).isEqualTo(401);
        assertThat(client.get("/api/variables/name/already").status()).isEqualTo(401);
    }

    @Test
    void withCsrfProtectionChangesNeedTheClientsCurrentToken() {
        TestClock clock = new TestClock();
        TestClient client = new TestClient(PrefectServer.builder().clock(clock).settings(Settings.isolated(Map.of(
                "PREFECT_SERVER_API_CSRF_PROTECTION_ENABLED", "true",
                "PREFECT_SERVER_API_CSRF_TOKEN_EXPIRATION", "PT10M"))).build());
        Map<String, Object> flow = Map.of("name", "etl");

        Reply noToken = client.post("/api/flows/", flow);
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.map()).isEqualTo(Map.of("detail", "Missing CSRF token."));
        Reply noClient = client.send("POST", "/api/flows/", flow, Map.of("Prefect-Csrf-Token", "t"));
        assertThat(noClient.map()).isEqualTo(Map.of("detail", "Missing client identifier."));

        Reply token = client.get("/api/csrf-token?client=c1");
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.map()).containsEntry("client", "c1").containsEntry("expiration", "2025-01-01T12:10:00Z");
        assertThat(token.string("token")).hasSize(64);
        Map<String, String> headers = Map.of("Prefect-Csrf-Token", token.string("token"), "Prefect-Csrf-Client", "c1");

        assertThat(client.send("POST", "/api/flows/", flow, headers).status()).isEqualTo(201);
        Reply wrongClient = client.send("POST", "/api/flows/", flow,
                Map.of("Prefect-Csrf-Token", token.string("token"), "Prefect-Csrf-Client", "c2"));
        assertThat(wrongClient.status()).isEqualTo(403);
        assertThat(wrongClient.map()).isEqualTo(Map.of("detail", "Invalid CSRF token or client identifier."));
        assertThat(client.get("/api/flows/name/etl").status()).isEqualTo(200); // reads need no token

        Reply refreshed = client.get("/api/csrf-token?client=c1");
        assertThat(refreshed.string("token")).isNotEqualTo(token.string("token"));
        assertThat(client.send("POST", "/api/flows/", flow, headers).status()).isEqualTo(403);

        Map<String, String> current = Map.of("Prefect-Csrf-Token", refreshed.string("token"), "Prefect-Csrf-Client", "c1");
        clock.advance(Duration.ofMinutes(11));
        assertThat(client.send("POST", "/api/flows/", flow, current).status()).isEqualTo(403);
    }

    @Test
    void withCsrfProtectionOffTheTokenRouteSaysSo() {
        TestClient client = new TestClient(PrefectServer.builder().settings(Settings.isolated(Map.of())).build());
        Reply r = client.get("/api/csrf-token?client=c1");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.map()).isEqualTo(Map.of("detail", "CSRF protection is disabled."));
        assertThat(client.get("/api/csrf-token").status()).isEqualTo(422);
    }
}
