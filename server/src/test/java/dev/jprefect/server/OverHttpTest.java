package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.TestClient.Reply;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.Transports;
import dev.jprefect.transport.netty.NettyServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server hosted on Netty on a loopback port, called over the JDK HTTP transport. */
class OverHttpTest {

    @Test
    void aFlowRunIsDrivenToCompletionOverHttp() throws Exception {
        PrefectServer server = PrefectServer.builder().settings(Settings.isolated(Map.of())).build();
        try (NettyServer netty = NettyServer.builder(server).port(0).start();
                Transport transport = Transports.open(TransportConfig.of(netty.apiUrl()))) {
            URI base = netty.uri();
            RequestHandler overHttp = request -> {
                ApiRequest absolute = request.withUri(base.resolve(request.uri().getRawPath()
                        + (request.rawQuery() == null ? "" : "?" + request.rawQuery())));
                try {
                    return transport.send(absolute).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("request over HTTP failed: " + e, e);
                }
            };
            TestClient client = new TestClient(overHttp);

            assertThat(client.get("/api/health").json()).isEqualTo(true);
            String flow = client.post("/api/flows/", Map.of("name", "over-http")).string("id");
            Reply created = client.post("/api/flow_runs/", Map.of("flow_id", flow));
            assertThat(created.status()).isEqualTo(201);
            String run = created.string("id");
            for (String type : List.of("RUNNING", "COMPLETED")) {
                Reply r = client.post("/api/flow_runs/" + run + "/set_state", Map.of("state", Map.of("type", type)));
                assertThat(r.status()).isEqualTo(201);
                assertThat(r.map()).containsEntry("status", "ACCEPT");
            }
            assertThat(client.get("/api/flow_runs/" + run).string("state_type")).isEqualTo("COMPLETED");
            assertThat(client.get("/api/flow_run_states/?flow_run_id=" + run).maps())
                    .extracting(m -> m.get("type")).containsExactly("PENDING", "RUNNING", "COMPLETED");
            assertThat(client.get("/api/flows/filter").status()).isEqualTo(405); // only POST /flows/filter matches
            assertThat(client.send("PUT", "/api/flows/", Map.of(), Map.of()).response().headers().first("Allow"))
                    .hasValue("POST");
        }
    }
}
