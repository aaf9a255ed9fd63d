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
 * {@code dev.jprefect.harness.internal...}, not exported. Provides two
 * {@code dev.jprefect.transport.spi.TransportProvider}s, {@code recording} (no scheme of its own:
 * selected only by name, e.g. {@code PREFECT_CLIENT_TRANSPORT=recording}) and {@code harness-http}
 * (below), in {@code META-INF/services} only, not with {@code provides}: the harness belongs on the
 * class path of tests. A {@code provides} of a service the api uses makes Maven Surefire put the
 * harness on the module path, and with it JUnit's API and commons modules, while it launches the
 * JUnit engine from the class path; a module-path test then fails with an
 * {@code IllegalAccessError} on {@code org.junit.platform.commons.util} unless hand-written
 * {@code --add-exports}, {@code --add-reads} and {@code --add-opens} flags are given. On the class
 * path the harness needs none. Uses no service:
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
 * and the Netty server. Cassettes and run attribution use the API module's JSON codec
 * ({@code JsonCodec.standard()}), so the harness reads and writes JSON exactly as the client does.
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

    exports dev.jprefect.harness;
    exports dev.jprefect.harness.assertj;
    exports dev.jprefect.harness.junit;
    exports dev.jprefect.harness.recording;
    exports dev.jprefect.harness.spi;

    uses dev.jprefect.harness.spi.PrefectServerLauncher;

    provides dev.jprefect.harness.spi.PrefectServerLauncher
            with dev.jprefect.harness.internal.ProcessLauncher;
}
