/**
 * Defines jprefect's test harness, the counterpart of Prefect's {@code prefect_test_harness}: a
 * Prefect-compatible server of its own for a test, in-process or on a loopback port, a JUnit 5
 * extension, AssertJ assertions on runs, a virtual clock that makes waits take no time, and a
 * recording transport for the external services flows call.
 *
 * <p>Exports {@code dev.jprefect.harness} ({@code PrefectTestHarness} with its modes and builder,
 * {@code HarnessSession}, {@code TestRuns}, {@code VirtualClock}, {@code HarnessStartupException}),
 * {@code dev.jprefect.harness.junit} ({@code @PrefectTest} and its extension),
 * {@code dev.jprefect.harness.assertj} ({@code PrefectAssertions}, {@code FlowRunAssert},
 * {@code TaskRunAssert}) and {@code dev.jprefect.harness.recording} ({@code RecordingTransport},
 * {@code RecordingMode}, {@code CassetteMismatchException}) and {@code dev.jprefect.harness.spi}
 * ({@code PrefectServerLauncher}, how mode {@code PREFECT_SERVER} runs the real server; it uses the
 * launchers ServiceLoader finds and provides the built-in one, {@code process}); the implementation is in
 * {@code dev.jprefect.harness.internal...}, not exported. Provides
 * {@code dev.jprefect.transport.spi.TransportProvider} (provider name {@code recording}, no scheme of
 * its own: selected only by name, e.g. {@code PREFECT_CLIENT_TRANSPORT=recording}). Uses no service:
 * it builds the embedded server ({@code dev.jprefect.server.PrefectServer}) itself, to give it the
 * harness's clock.
 *
 * <p>Reads {@code PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS} (20 s) as the start-up timeout;
 * sets, in a harness session's scope, {@code PREFECT_API_URL}, {@code PREFECT_CLIENT_TRANSPORT} and
 * {@code PREFECT_CLIENT_CUSTOM_HEADERS}. The recording transport, opened through the SPI, reads the
 * jprefect settings {@code PREFECT_TESTING_CASSETTE} (the cassette file; no default),
 * {@code PREFECT_TESTING_CASSETTE_MODE} ({@code record}, {@code replay} or {@code record_if_missing},
 * the default) and {@code PREFECT_TESTING_CASSETTE_TRANSPORT} (the provider of the wrapped transport;
 * default: by the URL's scheme). In mode {@code PREFECT_SERVER} it runs the real Prefect server,
 * the command named by the jprefect setting {@code PREFECT_TESTING_PREFECT_COMMAND} (default
 * {@code prefect}), and provides a second transport, {@code harness-http} (the HTTP transport with
 * the harness's run attribution on the client side, selected only by name, which the harness sets).
 *
 * <p>Requires {@code dev.jprefect.api}, JUnit Jupiter's API and AssertJ transitively (their types
 * appear in its exported signatures); {@code dev.jprefect.server}, the in-memory and HTTP transports,
 * the Netty server, and Moshi (cassette files).
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
    exports dev.jprefect.harness.spi;

    uses dev.jprefect.harness.spi.PrefectServerLauncher;

    provides dev.jprefect.harness.spi.PrefectServerLauncher
            with dev.jprefect.harness.internal.ProcessLauncher;

    provides dev.jprefect.transport.spi.TransportProvider
            with dev.jprefect.harness.internal.recording.RecordingTransportProvider,
                 dev.jprefect.harness.internal.AttributingTransportProvider;
}
