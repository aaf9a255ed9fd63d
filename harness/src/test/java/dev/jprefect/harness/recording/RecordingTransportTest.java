package dev.jprefect.harness.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.TransportException;
import dev.jprefect.transport.Transports;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // scopes opened for their effect on the thread
class RecordingTransportTest {

    @TempDir
    Path dir;

    private static Transport http(URI base) {
        return Transports.open(TransportConfig.of(base));
    }

    private static ApiRequest post(URI uri, String body) {
        return ApiRequest.builder("POST", uri).header("Content-Type", "application/json").body(body).build();
    }

    @Test
    void replays_what_it_recorded_with_the_service_stopped() throws Exception {
        Path cassette = dir.resolve("weather.json");
        URI today;
        URI report;
        ApiResponse recordedGet;
        ApiResponse recordedPost;
        try (ExternalService service = new ExternalService();
                RecordingTransport recorder = RecordingTransport.wrap(http(service.base()), cassette, RecordingMode.RECORD)) {
            today = service.url("/weather/today?city=Lyon");
            report = service.url("/reports");
            recordedGet = recorder.send(ApiRequest.get(today)).join();
            recordedPost = recorder.send(post(report, "{\"temp\": 21}")).join();
            assertThat(recorder.recordedCount()).isEqualTo(2);
            assertThat(service.hits()).isEqualTo(2);
        }

        try (RecordingTransport replayer = RecordingTransport.wrap(() -> http(today), cassette, RecordingMode.REPLAY)) {
            ApiResponse get = replayer.send(ApiRequest.get(today)).join();
            ApiResponse posted = replayer.send(post(report, "{\"temp\": 21}")).join();

            assertThat(get.status()).isEqualTo(200);
            assertThat(get.bodyAsString()).isEqualTo(recordedGet.bodyAsString()).contains("\"hit\":1");
            assertThat(get.headers().first("X-Hit")).contains("1");
            assertThat(posted.bodyAsString()).isEqualTo(recordedPost.bodyAsString()).contains("{'temp': 21}");
            assertThat(replayer.replayedCount()).isEqualTo(2);
            assertThat(replayer.recordedCount()).isZero();
        }
    }

    @Test
    void the_cassette_is_readable_json_with_text_bodies_and_redacted_secrets() throws Exception {
        Path cassette = dir.resolve("nested/dir/cassette.json");
        try (ExternalService service = new ExternalService();
                RecordingTransport recorder = RecordingTransport.wrap(http(service.base()), cassette, RecordingMode.RECORD)) {
            recorder.send(ApiRequest.builder("POST", service.url("/login"))
                    .header("Authorization", "Bearer s3cr3t-token")
                    .header("X-Team", "data")
                    .body("{\"user\":\"ada\"}")
                    .build()).join();
        }

        String json = Files.readString(cassette, StandardCharsets.UTF_8);
        assertThat(json)
                .contains("\"format\": \"jprefect-cassette\"")
                .contains("\"method\": \"POST\"")
                .contains("/login")
                .contains("\"body\": \"{\\\"user\\\":\\\"ada\\\"}\"")
                .contains("\"X-Team\"")
                .contains("<redacted>")
                .doesNotContain("s3cr3t-token");
    }

    @Test
    void binary_bodies_survive_the_round_trip() {
        Path cassette = dir.resolve("binary.json");
        URI binary;
        byte[] recorded;
        try (ExternalService service = new ExternalService();
                RecordingTransport recorder = RecordingTransport.wrap(http(service.base()), cassette, RecordingMode.RECORD)) {
            binary = service.url("/binary");
            recorded = recorder.send(ApiRequest.get(binary)).join().body();
        }

        try (RecordingTransport replayer = RecordingTransport.replay(cassette)) {
            assertThat(replayer.send(ApiRequest.get(binary)).join().body()).isEqualTo(recorded);
        }
    }

    @Test
    void a_request_sent_twice_is_answered_by_its_recordings_in_order() {
        Path cassette = dir.resolve("twice.json");
        URI counter;
        try (ExternalService service = new ExternalService();
                RecordingTransport recorder = RecordingTransport.wrap(http(service.base()), cassette, RecordingMode.RECORD)) {
            counter = service.url("/counter");
            recorder.send(ApiRequest.get(counter)).join();
            recorder.send(ApiRequest.get(counter)).join();
        }

        try (RecordingTransport replayer = RecordingTransport.replay(cassette)) {
            assertThat(replayer.send(ApiRequest.get(counter)).join().bodyAsString()).contains("\"hit\":1");
            assertThat(replayer.send(ApiRequest.get(counter)).join().bodyAsString()).contains("\"hit\":2");
            assertThatThrownBy(() -> replayer.send(ApiRequest.get(counter)).join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(CassetteMismatchException.class)
                    .hasMessageContaining("holds it 2 times, and every one has answered already");
        }
    }

    @Test
    void an_unmatched_request_in_replay_fails_naming_the_request_and_the_cassette() {
        Path cassette = dir.resolve("one.json");
        URI known;
        try (ExternalService service = new ExternalService();
                RecordingTransport recorder = RecordingTransport.wrap(http(service.base()), cassette, RecordingMode.RECORD)) {
            known = service.url("/known");
            recorder.send(post(known, "{\"a\":1}")).join();
        }

        try (RecordingTransport replayer = RecordingTransport.replay(cassette)) {
            assertThatThrownBy(() -> replayer.send(post(known, "{\"a\":2}")).join())
                    .cause()
                    .isInstanceOf(CassetteMismatchException.class)
                    .hasMessageContaining("POST " + known)
                    .hasMessageContaining("with body '{\"a\":2}'")
                    .hasMessageContaining(cassette.toString())
                    .hasMessageContaining("Unused exchanges: POST " + known + " with body '{\"a\":1}'");
        }
    }

    @Test
    void replay_of_a_missing_cassette_fails_at_once_naming_the_file() {
        Path missing = dir.resolve("never-recorded.json");

        assertThatThrownBy(() -> RecordingTransport.replay(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void a_file_that_is_not_a_cassette_is_rejected_naming_the_file_and_the_fault() throws Exception {
        Path bogus = dir.resolve("bogus.json");
        Files.writeString(bogus, "{\"format\": \"jprefect-cassette\", \"version\": 1, \"interactions\": [{\"request\": {}}]}");

        assertThatThrownBy(() -> RecordingTransport.replay(bogus))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bogus.toString())
                .hasMessageContaining("interaction 0 has no \"response\"");
    }

    @Test
    void record_if_missing_sends_only_what_the_cassette_lacks() {
        Path cassette = dir.resolve("partial.json");
        try (ExternalService service = new ExternalService()) {
            URI a = service.url("/a");
            URI b = service.url("/b");
            try (RecordingTransport first = RecordingTransport.wrap(http(service.base()), cassette,
                    RecordingMode.RECORD_IF_MISSING)) {
                first.send(ApiRequest.get(a)).join();
            }
            try (RecordingTransport second = RecordingTransport.wrap(http(service.base()), cassette,
                    RecordingMode.RECORD_IF_MISSING)) {
                assertThat(second.send(ApiRequest.get(a)).join().bodyAsString()).contains("\"hit\":1");
                assertThat(second.send(ApiRequest.get(b)).join().bodyAsString()).contains("\"hit\":2");
                assertThat(second.replayedCount()).isEqualTo(1);
                assertThat(second.recordedCount()).isEqualTo(1);
            }
            assertThat(service.hits()).isEqualTo(2);

            try (RecordingTransport third = RecordingTransport.replay(cassette)) {
                assertThat(third.send(ApiRequest.get(a)).join().bodyAsString()).contains("\"hit\":1");
                assertThat(third.send(ApiRequest.get(b)).join().bodyAsString()).contains("\"hit\":2");
            }
        }
    }

    @Test
    void failures_of_the_wrapped_transport_pass_through_and_are_not_recorded() throws Exception {
        Path cassette = dir.resolve("refused.json");
        URI gone;
        try (ExternalService service = new ExternalService()) {
            gone = service.url("/gone");
        }
        try (RecordingTransport recorder = RecordingTransport.wrap(http(gone), cassette, RecordingMode.RECORD)) {
            assertThatThrownBy(() -> recorder.send(ApiRequest.get(gone)).join())
                    .cause()
                    .isInstanceOf(TransportException.class);
            assertThat(recorder.recordedCount()).isZero();
        }
        assertThat(Files.readString(cassette)).contains("\"interactions\": []");
    }

    @Test
    void the_provider_is_selected_by_name_and_configured_by_settings() {
        Path cassette = dir.resolve("spi.json");
        URI hello;
        try (ExternalService service = new ExternalService()) {
            hello = service.url("/hello");
            try (Settings.Scope scope = Settings.override(Map.of(
                    RecordingTransport.CASSETTE_SETTING, cassette.toString(),
                    RecordingTransport.MODE_SETTING, "record"));
                    Transport recorder = Transports.open(TransportConfig.of(service.base()), "recording")) {
                assertThat(recorder).isInstanceOf(RecordingTransport.class);
                recorder.send(ApiRequest.get(hello)).join();
            }
        }
        try (Settings.Scope scope = Settings.override(Map.of(
                RecordingTransport.CASSETTE_SETTING, cassette.toString(),
                RecordingTransport.MODE_SETTING, "Replay"));
                Transport replayer = Transports.open(TransportConfig.of(hello), "recording")) {
            assertThat(((RecordingTransport) replayer).mode()).isEqualTo(RecordingMode.REPLAY);
            assertThat(replayer.send(ApiRequest.get(hello)).join().bodyAsString()).contains("/hello");
        }
    }

    @Test
    void the_provider_names_the_setting_at_fault() {
        TransportConfig config = TransportConfig.of(URI.create("http://127.0.0.1:9/"));

        assertThatThrownBy(() -> Transports.open(config, "recording"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RecordingTransport.CASSETTE_SETTING);

        try (Settings.Scope scope = Settings.override(Map.of(
                RecordingTransport.CASSETTE_SETTING, dir.resolve("x.json").toString(),
                RecordingTransport.MODE_SETTING, "rewind"))) {
            assertThatThrownBy(() -> Transports.open(config, "recording"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(RecordingTransport.MODE_SETTING + "='rewind'")
                    .hasMessageContaining("record_if_missing");
        }
        try (Settings.Scope scope = Settings.override(Map.of(
                RecordingTransport.CASSETTE_SETTING, dir.resolve("x.json").toString(),
                RecordingTransport.TRANSPORT_SETTING, "recording"))) {
            assertThatThrownBy(() -> Transports.open(config, "recording"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(RecordingTransport.TRANSPORT_SETTING);
        }
    }

    @Test
    void a_closed_recording_transport_refuses_requests() {
        Path cassette = dir.resolve("closed.json");
        RecordingTransport recorder = RecordingTransport.wrap(() -> http(URI.create("http://127.0.0.1:9/")),
                cassette, RecordingMode.RECORD);
        recorder.close();

        assertThatThrownBy(() -> recorder.send(ApiRequest.get(URI.create("http://127.0.0.1:9/x"))).join())
                .cause()
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("closed");
    }
}
