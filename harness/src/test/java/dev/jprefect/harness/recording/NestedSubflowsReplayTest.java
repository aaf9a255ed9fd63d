package dev.jprefect.harness.recording;

import static dev.jprefect.harness.assertj.PrefectAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.Flow;
import dev.jprefect.Task;
import dev.jprefect.TaskFuture;
import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.PrefectTestHarness.Mode;
import dev.jprefect.harness.TestRuns;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.Transports;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scenario behind Prefect's {@code in_process} harness mode (PrefectHQ/prefect#20128): a flow
 * whose nested subflows call an external HTTP service through a recording library hung behind the
 * library's connection handling. Here the flow runs against the harness in both modes; its two
 * nested subflows call a service on loopback through the recording transport, first recording
 * with the service up, then replaying with the service stopped. Every case is bounded by a
 * timeout, so a hang fails the test instead of stalling the build.
 */
@SuppressWarnings("try") // scopes opened for their effect on the thread
class NestedSubflowsReplayTest {

    /** The pipeline: flow "pipeline" calls subflow "fetch-orders", which calls subflow "fetch-prices". */
    private static Flow<Void, String> pipeline(Transport service, URI base) {
        Task<String, String> price = Task.of("fetch-price", (String sku) -> get(service, base.resolve("/prices?sku=" + sku)));
        Flow<Void, String> prices = Flow.of("fetch-prices", () -> {
            TaskFuture<String> a = price.submit("a");
            TaskFuture<String> b = price.submit("b");
            return a.join() + "," + b.join();
        });
        Flow<Void, String> orders = Flow.of("fetch-orders", () -> {
            String listed = get(service, base.resolve("/orders"));
            String summary = post(service, base.resolve("/orders/summary"), "{\"since\":\"2024-01-01\"}");
            return listed + "|" + summary + "|" + prices.call();
        });
        return Flow.of("pipeline", () -> orders.call());
    }

    private static String get(Transport service, URI uri) {
        return body(service.send(ApiRequest.get(uri)).join());
    }

    private static String post(Transport service, URI uri, String json) {
        return body(service.send(ApiRequest.builder("POST", uri).header("Content-Type", "application/json")
                .body(json).build()).join());
    }

    private static String body(ApiResponse response) {
        if (response.status() != 200) {
            throw new IllegalStateException("the service answered " + response.status());
        }
        return response.bodyAsString();
    }

    private static void assertRuns(TestRuns runs) {
        assertThat(runs.onlyFlowRun(), runs).isCompleted().hasFlowName("pipeline").hasSubflowRuns(1)
                .hasSubflowRun("fetch-orders").isCompleted().hasSubflowRuns(1)
                .hasSubflowRun("fetch-prices").isCompleted().hasTaskRuns(2);
    }

    @ParameterizedTest(name = "harness {0}")
    @EnumSource(value = Mode.class, names = {"IN_PROCESS", "SERVER"}) // the embedded server; PREFECT_SERVER: PrefectServerModeTest
    @Timeout(60)
    void nested_subflows_calling_a_recorded_service_complete_when_recording_and_when_replaying(
            Mode mode, @TempDir Path dir) {
        Path cassette = dir.resolve("service.json");
        URI base;
        String recorded;
        try (ExternalService service = new ExternalService();
                PrefectTestHarness harness = PrefectTestHarness.start(mode);
                RecordingTransport recorder = RecordingTransport.wrap(
                        Transports.open(TransportConfig.of(service.base())), cassette, RecordingMode.RECORD)) {
            base = service.base();

            recorded = pipeline(recorder, base).call();

            assertThat(recorder.recordedCount()).isEqualTo(4);
            assertThat(service.hits()).isEqualTo(4);
            assertRuns(harness.runs());
        }

        try (PrefectTestHarness harness = PrefectTestHarness.start(mode);
                RecordingTransport replayer = RecordingTransport.replay(cassette)) {

            String replayed = pipeline(replayer, base).call();

            assertThat(replayed).isEqualTo(recorded);
            assertThat(replayer.replayedCount()).isEqualTo(4);
            assertRuns(harness.runs());
        }
    }

    @ParameterizedTest(name = "harness {0}")
    @EnumSource(value = Mode.class, names = {"IN_PROCESS", "SERVER"}) // the embedded server; PREFECT_SERVER: PrefectServerModeTest
    @Timeout(60)
    void the_subflows_can_open_the_recording_transport_through_the_spi(Mode mode, @TempDir Path dir) {
        Path cassette = dir.resolve("spi.json");
        URI base;
        String recorded;
        try (ExternalService service = new ExternalService();
                PrefectTestHarness harness = PrefectTestHarness.start(mode);
                Settings.Scope recording = Settings.override(Map.of(
                        RecordingTransport.CASSETTE_SETTING, cassette.toString(),
                        RecordingTransport.MODE_SETTING, "record_if_missing"))) {
            base = service.base();
            recorded = spiPipeline(base).call();
            assertThat(service.hits()).isEqualTo(2);
            assertThat(harness.runs().flowRuns()).hasSize(3);
        }
        try (PrefectTestHarness harness = PrefectTestHarness.start(mode);
                Settings.Scope replaying = Settings.override(Map.of(
                        RecordingTransport.CASSETTE_SETTING, cassette.toString(),
                        RecordingTransport.MODE_SETTING, "replay"))) {
            assertThat(spiPipeline(base).call()).isEqualTo(recorded);
        }
    }

    /** Each subflow opens its own transport to the service by provider name, configured by the settings. */
    private static Flow<Void, String> spiPipeline(URI base) {
        Flow<Void, String> inner = Flow.of("inner", () -> {
            try (Transport service = Transports.open(TransportConfig.of(base), RecordingTransport.PROVIDER_NAME)) {
                return get(service, base.resolve("/inner"));
            }
        });
        Flow<Void, String> outer = Flow.of("outer", () -> {
            try (Transport service = Transports.open(TransportConfig.of(base), RecordingTransport.PROVIDER_NAME)) {
                return get(service, base.resolve("/outer")) + "|" + inner.call();
            }
        });
        return Flow.of("top", () -> outer.call());
    }
}
