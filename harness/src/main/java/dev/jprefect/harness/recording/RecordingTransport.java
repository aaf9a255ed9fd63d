package dev.jprefect.harness.recording;

import dev.jprefect.harness.internal.recording.CassetteTransport;
import dev.jprefect.transport.Transport;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A {@link Transport} that records the exchanges another transport carries to a cassette file,
 * and replays them later without sending anything, in the spirit of Ruby's VCR and Python's
 * vcrpy: tests of code that calls an external HTTP service run without the service.
 *
 * <p>Make one directly around the transport to record:
 *
 * <pre>{@code
 * Transport http = Transports.open(TransportConfig.of(URI.create("http://127.0.0.1:8080/")));
 * try (RecordingTransport weather = RecordingTransport.wrap(http, Path.of("src/test/resources/weather.json"),
 *         RecordingMode.RECORD_IF_MISSING)) {
 *     ApiResponse today = weather.send(ApiRequest.get(URI.create("http://127.0.0.1:8080/today"))).join();
 * }
 * }</pre>
 *
 * or select it through the transport SPI: with {@code PREFECT_CLIENT_TRANSPORT=}{@value #PROVIDER_NAME}
 * the Prefect client (or {@code Transports.open(config, "recording")}) wraps the transport the URL's
 * scheme selects (or the one named by {@value #TRANSPORT_SETTING}) and records to the file named by
 * {@value #CASSETTE_SETTING}, in the mode named by {@value #MODE_SETTING} (default
 * {@code record_if_missing}). The provider reads these settings from {@code Settings.current()} when
 * the transport is opened.
 *
 * <p>Replay matches a request by method, URI and body, byte for byte; headers are recorded (secrets
 * redacted) but not matched. Each recorded exchange answers one request, in the order recorded, so
 * a request sent twice needs two recordings. A request the cassette lacks fails in
 * {@link RecordingMode#REPLAY} with a {@link CassetteMismatchException} that names the request and
 * the cassette. Failures of the wrapped transport are passed on and not recorded. The cassette is a
 * JSON file (written after every recorded exchange, so a failing test keeps what it recorded): text
 * bodies as text, others as base64.
 */
public interface RecordingTransport extends Transport {

    /** The provider name that {@code PREFECT_CLIENT_TRANSPORT} selects the recording transport by. */
    String PROVIDER_NAME = "recording";

    /** The jprefect setting naming the cassette file; required when the provider is selected. */
    String CASSETTE_SETTING = "PREFECT_TESTING_CASSETTE";

    /** The jprefect setting naming the {@link RecordingMode}; default {@code record_if_missing}. */
    String MODE_SETTING = "PREFECT_TESTING_CASSETTE_MODE";

    /** The jprefect setting naming the provider of the wrapped transport; default: by the URL's scheme. */
    String TRANSPORT_SETTING = "PREFECT_TESTING_CASSETTE_TRANSPORT";

    /** The mode when none is given: record what is missing, replay the rest. */
    RecordingMode DEFAULT_MODE = RecordingMode.RECORD_IF_MISSING;

    /**
     * Wraps {@code inner}: records to, or replays from, {@code cassette} as {@code mode} says. The
     * returned transport owns {@code inner} and closes it.
     *
     * @throws java.io.UncheckedIOException if the cassette cannot be read
     * @throws IllegalArgumentException if the cassette is not a valid cassette file, or is missing in
     *     {@link RecordingMode#REPLAY}
     */
    static RecordingTransport wrap(Transport inner, Path cassette, RecordingMode mode) {
        Objects.requireNonNull(inner, "inner");
        return CassetteTransport.open(() -> inner, cassette, mode);
    }

    /**
     * Wraps the transport that {@code inner} opens, opening it only when a request must really be
     * sent (never, in {@link RecordingMode#REPLAY}).
     */
    static RecordingTransport wrap(Supplier<? extends Transport> inner, Path cassette, RecordingMode mode) {
        return CassetteTransport.open(inner, cassette, mode);
    }

    /** Returns a transport that only replays {@code cassette} and can send nothing. */
    static RecordingTransport replay(Path cassette) {
        return CassetteTransport.open(() -> {
            throw new IllegalStateException("a replay-only transport has no transport to send with");
        }, cassette, RecordingMode.REPLAY);
    }

    /** Returns the cassette file. */
    Path cassette();

    /** Returns the mode. */
    RecordingMode mode();

    /** Returns how many exchanges this transport has recorded. */
    int recordedCount();

    /** Returns how many requests this transport has answered from the cassette. */
    int replayedCount();
}
