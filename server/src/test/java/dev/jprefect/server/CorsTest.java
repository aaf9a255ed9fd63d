package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.settings.Settings;
import dev.jprefect.transport.netty.NettyServer;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.Transports;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * CORS as Prefect's server answers it (Starlette's CORSMiddleware with Prefect's settings), over a
 * real Netty port and the JDK HTTP transport, as a browser on another origin would see it.
 */
class CorsTest {
    @Test
    void theUisPreflightIsAnsweredByDefaultAndTheCallGetsTheWildcardOrigin() throws Exception {
        try (NettyServer netty = serve(Map.of())) {
            ApiResponse preflight = send(netty, request(netty, "OPTIONS", "/api/flows/filter")
                    .header("Origin", "http://localhost:5173")
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type,x-prefect-ui"));
            assertThat(preflight.status()).isEqualTo(200);
            assertThat(preflight.bodyAsString()).isEqualTo("OK");
            assertThat(preflight.headers().first("Access-Control-Allow-Origin")).hasValue("*");
            assertThat(preflight.headers().first("Access-Control-Allow-Headers")).hasValue("content-type,x-prefect-ui");
            assertThat(preflight.headers().first("Access-Control-Allow-Methods"))
                    .hasValue("DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, QUERY");
            assertThat(preflight.headers().first("Access-Control-Max-Age")).hasValue("600");

            ApiResponse call = send(netty, request(netty, "POST", "/api/flows/filter")
                    .body("{}")
                    .header("Content-Type", "application/json")
                    .header("Origin", "http://localhost:5173")
                    .header("X-PREFECT-UI", "true"));
            assertThat(call.status()).isEqualTo(200);
            assertThat(call.bodyAsString()).isEqualTo("[]");
            assertThat(call.headers().first("Access-Control-Allow-Origin")).hasValue("*");
            assertThat(call.headers().first("Vary")).hasValue("Origin");
        }
    }

    @Test
    void listedOriginsAreMirroredAndOthersRefused() throws Exception {
        try (NettyServer netty = serve(Map.of(
                "PREFECT_SERVER_CORS_ALLOWED_ORIGINS", "http://ui.example,http://other.example", // Prefect's alias
                "PREFECT_SERVER_API_CORS_ALLOWED_METHODS", "GET,POST",
                "PREFECT_SERVER_API_CORS_ALLOWED_HEADERS", "X-PREFECT-UI"))) {
            ApiResponse allowed = preflight(netty, "http://ui.example", "POST", "x-prefect-ui, Content-Type");
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(allowed.headers().first("Access-Control-Allow-Origin")).hasValue("http://ui.example");
            assertThat(allowed.headers().first("Access-Control-Allow-Methods")).hasValue("GET, POST");
            assertThat(allowed.headers().first("Access-Control-Allow-Headers"))
                    .hasValue("Accept, Accept-Language, Content-Language, Content-Type, X-PREFECT-UI");

            ApiResponse refused = preflight(netty, "http://evil.example", "DELETE", "x-other");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.bodyAsString()).isEqualTo("Disallowed CORS origin, method, headers");
            assertThat(refused.headers().first("Access-Control-Allow-Origin")).isEmpty();

            ApiResponse call = send(netty, request(netty, "GET", "/api/health")
                    .header("Origin", "http://other.example"));
            assertThat(call.headers().first("Access-Control-Allow-Origin")).hasValue("http://other.example");
            ApiResponse foreign = send(netty, request(netty, "GET", "/api/health")
                    .header("Origin", "http://evil.example"));
            assertThat(foreign.status()).isEqualTo(200); // the browser, not the server, withholds the answer
            assertThat(foreign.headers().first("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void anOptionsRequestThatIsNoPreflightReachesTheRoutes() throws Exception {
        try (NettyServer netty = serve(Map.of())) {
            ApiResponse options = send(netty, request(netty, "OPTIONS", "/api/flows/filter"));
            assertThat(options.status()).isEqualTo(405);
            assertThat(options.headers().first("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    private ApiResponse preflight(NettyServer netty, String origin, String method, String headers) throws Exception {
        return send(netty, request(netty, "OPTIONS", "/api/flows/filter")
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers));
    }

    private static ApiRequest.Builder request(NettyServer netty, String method, String path) {
        return ApiRequest.builder(method, netty.uri().resolve(path));
    }

    private static ApiResponse send(NettyServer netty, ApiRequest.Builder request) throws Exception {
        try (Transport transport = Transports.open(TransportConfig.of(netty.apiUrl()))) {
            return transport.send(request.build()).get(30, TimeUnit.SECONDS);
        }
    }

    private static NettyServer serve(Map<String, String> settings) {
        PrefectServer server = PrefectServer.builder().settings(Settings.isolated(settings)).build();
        return NettyServer.builder(server).port(0).start();
    }
}
