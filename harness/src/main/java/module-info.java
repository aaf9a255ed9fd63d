/**
 * Defines jprefect's test harness: the embedded Prefect-compatible server in-process or on a
 * loopback port for the length of a test, a virtual clock that makes waits take no time, and a
 * recording transport that records an external HTTP service's answers and replays them.
 *
 * <p>Exports {@code dev.jprefect.harness} ({@code VirtualClock}, and as the parts land the harness
 * itself) and {@code dev.jprefect.harness.recording} ({@code RecordingTransport},
 * {@code RecordingMode}, {@code CassetteMismatchException}). Provides
 * {@code dev.jprefect.transport.spi.TransportProvider} (provider name {@code recording}, no scheme of
 * its own: selected only with {@code PREFECT_CLIENT_TRANSPORT=recording}).
 *
 * <p>Reads the jprefect settings {@code PREFECT_TESTING_CASSETTE} (the cassette file; no default),
 * {@code PREFECT_TESTING_CASSETTE_MODE} ({@code record}, {@code replay} or {@code record_if_missing},
 * the default) and {@code PREFECT_TESTING_CASSETTE_TRANSPORT} (the provider of the wrapped transport;
 * default: by the URL's scheme) when the recording transport is opened through the SPI.
 *
 * <p>Requires {@code dev.jprefect.api}, JUnit Jupiter's API and AssertJ transitively (their types
 * appear in its exported signatures), the in-memory and HTTP transports, the Netty server and Moshi
 * (cassette files).
 *
 * @since 0.1
 */
module dev.jprefect.harness {
    requires transitive dev.jprefect.api;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    requires dev.jprefect.server;
    requires dev.jprefect.transport.inmemory;
    requires dev.jprefect.transport.http;
    requires dev.jprefect.transport.netty;
    requires com.squareup.moshi;

    exports dev.jprefect.harness;
    exports dev.jprefect.harness.assertj;
    exports dev.jprefect.harness.junit;
    exports dev.jprefect.harness.recording;

    provides dev.jprefect.transport.spi.TransportProvider
            with dev.jprefect.harness.internal.recording.RecordingTransportProvider;
}
