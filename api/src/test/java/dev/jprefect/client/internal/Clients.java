package dev.jprefect.client.internal;

import dev.jprefect.client.Interceptor;
import dev.jprefect.internal.math.Jitter;
import dev.jprefect.settings.Settings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/** Builds pipeline clients for unit tests over a scripted transport and virtual time. */
final class Clients {
    /** Jitter off, so delays can be checked exactly. */
    static final Map<String, String> NO_JITTER = Map.of("PREFECT_CLIENT_RETRY_JITTER_FACTOR", "0");

    private Clients() {
    }

    static RealAsyncClient client(ScriptedTransport transport, VirtualSleeper sleeper, Map<String, String> settings,
            Interceptor... interceptors) {
        return client(transport, sleeper, settings, () -> 0.5, interceptors);
    }

    static RealAsyncClient client(ScriptedTransport transport, VirtualSleeper sleeper, Map<String, String> settings,
            DoubleSupplier uniform, Interceptor... interceptors) {
        return new RealAsyncClient(ScriptedTransport.api(), transport, null,
                ClientOptions.from(Settings.isolated(settings)), List.of(interceptors), sleeper, new Jitter(uniform));
    }

    static Map<String, String> settings(Map<String, String> base, String... namesAndValues) {
        Map<String, String> all = new HashMap<>(base);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            all.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return all;
    }
}
