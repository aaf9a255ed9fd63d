package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.Transports;
import dev.jprefect.transport.netty.NettyServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Response compression as Prefect's server does it (Starlette's GZipMiddleware with its defaults),
 * over a real Netty port and the JDK HTTP transport, as a browser or Prefect's httpx client sees it.
 */
class GzipTest {
    @Test
    void aLargeAnswerIsGzippedForAClientThatAcceptsItAndVariesByAcceptEncoding() throws Exception {
        try (NettyServer netty = serve()) {
            for (int i = 0; i < 5; i++) {
                send(netty, request(netty, "POST", "/api/flows/").header("Content-Type", "application/json")
                        .body("{\"name\":\"flow-" + i + "\",\"tags\":[\"a-tag-that-makes-the-answer-longer\"]}"));
            }
            ApiResponse plain = send(netty, filterFlows(netty));
            assertThat(plain.bodyLength()).isGreaterThanOrEqualTo(500);
            assertThat(plain.headers().first("Content-Encoding")).isEmpty();
            assertThat(plain.headers().first("Vary")).hasValue("Accept-Encoding, Origin"); // GZip inside, CORS outside

            ApiResponse gzipped = send(netty, filterFlows(netty).header("Accept-Encoding", "gzip, deflate, br"));
            assertThat(gzipped.status()).isEqualTo(200);
            assertThat(gzipped.headers().first("Content-Encoding")).hasValue("gzip");
            assertThat(gzipped.headers().first("Content-Length")).hasValue(String.valueOf(gzipped.bodyLength()));
            assertThat(gzipped.bodyLength()).isLessThan(plain.bodyLength());
            assertThat(gunzip(gzipped.body())).isEqualTo(plain.bodyAsString());
        }
    }

    @Test
    void aSmallAnswerIsSentAsItIs() throws Exception {
        try (NettyServer netty = serve()) {
            ApiResponse health = send(netty, request(netty, "GET", "/api/health").header("Accept-Encoding", "gzip"));
            assertThat(health.bodyAsString()).isEqualTo("true");
            assertThat(health.headers().first("Content-Encoding")).isEmpty();
            assertThat(health.headers().first("Vary")).hasValue("Origin");
            ApiResponse missing = send(netty, request(netty, "GET", "/api/flows/00000000-0000-4000-8000-000000000000")
                    .header("Accept-Encoding", "gzip"));
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.headers().first("Content-Encoding")).isEmpty();
        }
    }

    private static ApiRequest.Builder filterFlows(NettyServer netty) {
        return request(netty, "POST", "/api/flows/filter").header("Content-Type", "application/json").body("{}");
    }

    private static String gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static ApiRequest.Builder request(NettyServer netty, String method, String path) {
        return ApiRequest.builder(method, netty.uri().resolve(path));
    }

    private static ApiResponse send(NettyServer netty, ApiRequest.Builder request) throws Exception {
        try (Transport transport = Transports.open(TransportConfig.of(netty.apiUrl()))) {
            return transport.send(request.build()).get(30, TimeUnit.SECONDS);
        }
    }

    private static NettyServer serve() {
        return NettyServer.builder(PrefectServer.builder().settings(Settings.isolated(Map.of())).build()).port(0).start();
    }
}
