package dev.jprefect.harness.internal.recording;

import dev.jprefect.harness.recording.RecordingMode;
import dev.jprefect.harness.recording.RecordingTransport;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.Transports;
import dev.jprefect.transport.spi.TransportProvider;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Provides the {@link RecordingTransport} to {@link Transports} under the name
 * {@value RecordingTransport#PROVIDER_NAME}. It serves no scheme of its own, so only an explicit
 * {@code PREFECT_CLIENT_TRANSPORT=recording} selects it. Registered with ServiceLoader in
 * {@code module-info.java} and {@code META-INF/services}; not for direct use.
 */
public final class RecordingTransportProvider implements TransportProvider {

    /** Called by ServiceLoader. */
    public RecordingTransportProvider() {
    }

    @Override
    public String name() {
        return RecordingTransport.PROVIDER_NAME;
    }

    /** None: the recording transport wraps whatever serves the URL, and is chosen only by name. */
    @Override
    public Set<String> schemes() {
        return Set.of();
    }

    /**
     * Opens a recording transport configured by {@code Settings.current()}.
     *
     * @throws IllegalArgumentException naming the setting at fault
     */
    @Override
    public Transport open(TransportConfig config) {
        Settings settings = Settings.current();
        Path cassette = cassette(settings);
        RecordingMode mode = mode(settings);
        String innerName = settings.raw(RecordingTransport.TRANSPORT_SETTING).map(String::trim).orElse(null);
        if (innerName != null && innerName.equalsIgnoreCase(name())) {
            throw new IllegalArgumentException(RecordingTransport.TRANSPORT_SETTING + "='" + innerName
                    + "' names the recording transport itself; name the transport to record, e.g. http");
        }
        List<TransportProvider> others = Transports.providers().stream()
                .filter(p -> !p.name().equalsIgnoreCase(name()))
                .collect(Collectors.toList());
        TransportProvider inner = Transports.select(config.apiUrl(), innerName, others); // fails early if none fits
        return CassetteTransport.open(() -> inner.open(config), cassette, mode);
    }

    private static Path cassette(Settings settings) {
        String text = settings.raw(RecordingTransport.CASSETTE_SETTING).orElseThrow(() -> new IllegalArgumentException(
                "PREFECT_CLIENT_TRANSPORT=" + RecordingTransport.PROVIDER_NAME + " needs the cassette file in "
                        + RecordingTransport.CASSETTE_SETTING + " (e.g. src/test/resources/cassettes/weather.json)"));
        try {
            return Path.of(text.trim());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(RecordingTransport.CASSETTE_SETTING + "='" + text
                    + "' is not a valid file path: " + e.getMessage(), e);
        }
    }

    private static RecordingMode mode(Settings settings) {
        String text = settings.raw(RecordingTransport.MODE_SETTING).orElse(null);
        if (text == null) {
            return RecordingTransport.DEFAULT_MODE;
        }
        try {
            return RecordingMode.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(RecordingTransport.MODE_SETTING + "='" + text + "' is not a recording mode;"
                    + " expected one of " + Arrays.stream(RecordingMode.values())
                    .map(m -> m.name().toLowerCase(Locale.ROOT)).collect(Collectors.toList()), e);
        }
    }

    @Override
    public String toString() {
        return "RecordingTransportProvider[" + name() + "]";
    }
}
