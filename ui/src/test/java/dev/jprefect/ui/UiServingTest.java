package dev.jprefect.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.PrefectServer;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.Transports;
import dev.jprefect.transport.netty.NettyServer;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Prefect's two built UIs, from this module's jar, served by jprefect's server on a real Netty port
 * as {@code prefect server start} serves them (Prefect 3.9.1's {@code create_ui_app}).
 */
class UiServingTest {
    private static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @BeforeAll
    static void bundlesWereBuiltIn() throws java.io.IOException {
        boolean present;
        try (var list = UiServingTest.class.getModule().getResourceAsStream("prefect-ui/v1.files")) {
            present = list != null;
        }
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("the jprefect-ui jar was built without Prefect's UI bundles (see the build's jprefect-ui line)");
        }
        Assumptions.assumeTrue(present, "skipped: the jprefect-ui jar was built without Prefect's UI bundles (PyPI unreachable?)");
    }

    @Test
    void aBrowserIsSentToTheV2UiByDefaultAndGetsItsPagesAndFiles() throws Exception {
        PrefectServer server = server(Map.of());
        assertThat(server.servedUis()).containsExactly("v1", "v2");
        try (NettyServer netty = serve(server)) {
            ApiResponse root = get(netty, "/", HTML, null);
            assertThat(root.status()).isEqualTo(307);
            assertThat(root.headers().first("Location")).hasValue("/v2/");

            ApiResponse index = get(netty, "/v2/", HTML, null);
            assertThat(index.status()).isEqualTo(200);
            assertThat(index.headers().first("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(index.bodyAsString()).contains("<div id=\"root\"").contains("/v2/ico/")
                    .doesNotContain("PREFECT_UI_SERVE_BASE_REPLACE_PLACEHOLDER");
            assertThat(get(netty, "/v2", HTML, null).headers().first("Location")).hasValue("/v2/");

            ApiResponse page = get(netty, "/v2/runs/flow-run/1234", HTML, null); // client-side route
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.bodyAsString()).isEqualTo(index.bodyAsString());

            String script = index.bodyAsString().replaceAll("(?s).*src=\"(/v2/assets/[^\"]+\\.js)\".*", "$1");
            ApiResponse js = get(netty, script, "*/*", null);
            assertThat(js.status()).isEqualTo(200);
            assertThat(js.headers().first("Content-Type")).hasValue("text/javascript; charset=utf-8");
            String etag = js.headers().first("ETag").orElseThrow();
            ApiResponse cached = send(netty, ApiRequest.builder("GET", netty.uri().resolve(script)).header("If-None-Match", etag));
            assertThat(cached.status()).isEqualTo(304); // the browser keeps the bundle's megabytes between pages
            assertThat(cached.bodyLength()).isZero();
            assertThat(get(netty, "/v2/assets/no-such-file.js", "*/*", null).status()).isEqualTo(404);
            assertThat(get(netty, "/v2/../pyproject.toml", HTML, null).status()).isIn(200, 404); // never outside the bundle
            assertThat(get(netty, "/api/health", "*/*", null).bodyAsString()).isEqualTo("true");
        }
    }

    @Test
    void theBundlesFilesAreGzippedForABrowserThatAcceptsItButNotItsImages() throws Exception {
        try (NettyServer netty = serve(Map.of())) {
            String script = get(netty, "/v2/", HTML, null).bodyAsString()
                    .replaceAll("(?s).*src=\"(/v2/assets/[^\"]+\\.js)\".*", "$1");
            ApiResponse plain = get(netty, script, "*/*", null);
            assertThat(plain.headers().first("Content-Encoding")).isEmpty();
            assertThat(plain.headers().first("Vary")).hasValue("Accept-Encoding, Origin");
            ApiResponse gzipped = send(netty, ApiRequest.builder("GET", netty.uri().resolve(script))
                    .header("Accept-Encoding", "gzip, deflate"));
            assertThat(gzipped.headers().first("Content-Encoding")).hasValue("gzip");
            assertThat(gzipped.headers().first("ETag")).isEqualTo(plain.headers().first("ETag"));
            assertThat(gzipped.bodyLength()).isLessThan(plain.bodyLength() / 2);
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
                assertThat(in.readAllBytes()).isEqualTo(plain.body());
            }
            ApiResponse png = send(netty, ApiRequest.builder("GET", netty.uri().resolve("/v2/ico/android-chrome-192x192.png"))
                    .header("Accept-Encoding", "gzip"));
            assertThat(png.status()).isEqualTo(200);
            assertThat(png.headers().first("Content-Encoding")).isEmpty(); // Starlette leaves images as they are
        }
    }

    @Test
    void theCookieChoosesV1AndV1IsServedAtTheRoot() throws Exception {
        try (NettyServer netty = serve(Map.of())) {
            ApiResponse root = get(netty, "/", HTML, "prefect_ui_version=v1");
            assertThat(root.status()).isEqualTo(200);
            assertThat(root.bodyAsString()).contains("<div id=\"app\"").doesNotContain("PREFECT_UI_SERVE_BASE_REPLACE_PLACEHOLDER");
            assertThat(get(netty, "/flow-runs", HTML, null).status()).isEqualTo(200); // deep V1 links are V1's
        }
    }

    @Test
    void uiSettingsAnswersAsPrefects() throws Exception {
        try (NettyServer netty = serve(Map.of("PREFECT_SERVER_UI_V2_ENABLED", "false", "PREFECT_UI_API_URL", "http://ui.example/api"))) {
            ApiResponse settings = get(netty, "/ui-settings", "*/*", null);
            assertThat(settings.status()).isEqualTo(200);
            assertThat(settings.bodyAsString()).isEqualTo("{\"api_url\":\"http://ui.example/api\",\"csrf_enabled\":false,"
                    + "\"auth\":null,\"flags\":[],\"default_ui\":\"v1\",\"available_uis\":[\"v1\",\"v2\"],"
                    + "\"v1_base_url\":\"/\",\"v2_base_url\":\"/v2\"}");
            assertThat(get(netty, "/", HTML, null).status()).isEqualTo(200); // V1 is the default now
        }
    }

    @Test
    void aServeBaseMovesBothUisAndTheirFiles() throws Exception {
        try (NettyServer netty = serve(Map.of("PREFECT_UI_SERVE_BASE", "/prefect/"))) {
            assertThat(get(netty, "/prefect/ui-settings", "*/*", null).bodyAsString())
                    .contains("\"v1_base_url\":\"/prefect\",\"v2_base_url\":\"/prefect/v2\"");
            assertThat(get(netty, "/prefect", HTML, null).headers().first("Location")).hasValue("/prefect/v2/");
            assertThat(get(netty, "/prefect/v2/", HTML, null).bodyAsString()).contains("/prefect/v2/ico/");
            assertThat(get(netty, "/elsewhere", HTML, null).status()).isEqualTo(404);
        }
    }

    @Test
    void withTheUiDisabledOnlyUiSettingsAnswers() throws Exception {
        PrefectServer server = server(Map.of("PREFECT_UI_ENABLED", "false"));
        assertThat(server.servedUis()).isEmpty();
        try (NettyServer netty = serve(server)) {
            assertThat(get(netty, "/", HTML, null).status()).isEqualTo(404);
            assertThat(get(netty, "/ui-settings", "*/*", null).bodyAsString())
                    .contains("\"available_uis\":[],\"v1_base_url\":null,\"v2_base_url\":null");
        }
    }

    private static PrefectServer server(Map<String, String> settings) {
        return PrefectServer.builder().settings(Settings.isolated(settings)).build();
    }

    private static NettyServer serve(PrefectServer server) {
        return NettyServer.builder(server).port(0).start();
    }

    private static NettyServer serve(Map<String, String> settings) {
        return serve(server(settings));
    }

    private static ApiResponse get(NettyServer netty, String path, String accept, String cookie) throws Exception {
        ApiRequest.Builder request = ApiRequest.builder("GET", netty.uri().resolve(path)).header("Accept", accept);
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(netty, request);
    }

    private static ApiResponse send(NettyServer netty, ApiRequest.Builder request) throws Exception {
        try (Transport transport = Transports.open(TransportConfig.of(netty.apiUrl()))) {
            return transport.send(request.build()).get(30, TimeUnit.SECONDS);
        }
    }
}
