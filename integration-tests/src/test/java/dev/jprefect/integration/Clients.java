package dev.jprefect.integration;

import dev.jprefect.client.Interceptor;
import dev.jprefect.client.PrefectAsyncClient;
import dev.jprefect.client.PrefectClientBuilder;
import dev.jprefect.settings.Settings;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds clients the way users do: from settings naming the API URL, so the transport is found by
 * ServiceLoader on the class path. Jitter is off unless a test sets it, so waits can be checked exactly.
 */
final class Clients {
    private Clients() {
    }

    static PrefectAsyncClient client(URI apiUrl, RecordingSleeper sleeper, String... settings) {
        return builder(apiUrl, sleeper, settings).buildAsync();
    }

    static PrefectAsyncClient client(URI apiUrl, RecordingSleeper sleeper, Interceptor interceptor, String... settings) {
        return builder(apiUrl, sleeper, settings).interceptor(interceptor).buildAsync();
    }

    static PrefectClientBuilder builder(URI apiUrl, RecordingSleeper sleeper, String... settings) {
        Map<String, String> values = new HashMap<>();
        values.put("PREFECT_API_URL", apiUrl.toString());
        values.put("PREFECT_CLIENT_RETRY_JITTER_FACTOR", "0");
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        return PrefectClientBuilder.create().settings(Settings.isolated(values)).sleeper(sleeper);
    }
}
