/**
 * The jprefect test harness (draft; completed below as the parts land).
 */
module dev.jprefect.harness {
    requires transitive dev.jprefect.api;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    requires dev.jprefect.transport.inmemory;
    requires dev.jprefect.transport.http;
    requires dev.jprefect.transport.netty;
    requires com.squareup.moshi;

    exports dev.jprefect.harness;
    exports dev.jprefect.harness.recording;

    provides dev.jprefect.transport.spi.TransportProvider
            with dev.jprefect.harness.internal.recording.RecordingTransportProvider;
}
