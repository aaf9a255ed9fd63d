package dev.jprefect.client.internal;

import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.TransportConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The settings the client's pipeline reads, resolved once when the client is built.
 *
 * @param maxRetries {@code PREFECT_CLIENT_MAX_RETRIES}
 * @param jitterFactor {@code PREFECT_CLIENT_RETRY_JITTER_FACTOR}
 * @param extraRetryCodes {@code PREFECT_CLIENT_RETRY_EXTRA_CODES}
 * @param csrfEnabled {@code PREFECT_CLIENT_CSRF_SUPPORT_ENABLED}
 * @param customHeaders {@code PREFECT_CLIENT_CUSTOM_HEADERS}
 * @param apiKey {@code PREFECT_API_KEY}
 * @param authString {@code PREFECT_API_AUTH_STRING}
 * @param requestTimeout {@code PREFECT_API_REQUEST_TIMEOUT}
 */
record ClientOptions(
        int maxRetries,
        double jitterFactor,
        Set<Integer> extraRetryCodes,
        boolean csrfEnabled,
        Map<String, String> customHeaders,
        Optional<String> apiKey,
        Optional<String> authString,
        Duration requestTimeout) {

    /**
     * The blocking client's wait covers every attempt and back-off; this much more absorbs
     * scheduling delays on a loaded machine.
     */
    static final Duration BLOCKING_MARGIN = Duration.ofSeconds(30);

    /** Reads the options from {@code settings}; a bad value fails naming its setting. */
    static ClientOptions from(Settings settings) {
        return new ClientOptions(
                settings.get(Setting.CLIENT_MAX_RETRIES),
                settings.get(Setting.CLIENT_RETRY_JITTER_FACTOR),
                Set.copyOf(settings.get(Setting.CLIENT_RETRY_EXTRA_CODES)),
                settings.get(Setting.CLIENT_CSRF_SUPPORT_ENABLED),
                Map.copyOf(settings.get(Setting.CLIENT_CUSTOM_HEADERS)),
                settings.get(Setting.API_KEY),
                settings.get(Setting.API_AUTH_STRING),
                settings.get(Setting.API_REQUEST_TIMEOUT));
    }

    /** Returns the transport configuration for {@code apiUrl} from the same settings. */
    static TransportConfig transportConfig(Settings settings, java.net.URI apiUrl) {
        return TransportConfig.of(apiUrl)
                .withRequestTimeout(settings.get(Setting.API_REQUEST_TIMEOUT))
                .withHttp2(settings.get(Setting.API_ENABLE_HTTP2))
                .withTlsInsecureSkipVerify(settings.get(Setting.API_TLS_INSECURE_SKIP_VERIFY))
                .withSslCertFile(settings.get(Setting.API_SSL_CERT_FILE).orElse(null));
    }

    /**
     * Returns how long a blocking call waits at most: every attempt taking its full connect and
     * request timeouts, every back-off at its longest, twice over (a change request may first fetch
     * a CSRF token, with retries of its own), plus {@link #BLOCKING_MARGIN}. A server that asks
     * (with {@code Retry-After}) for longer waits than that can outlast it.
     */
    Duration blockingTimeout() {
        Duration perAttempt = requestTimeout.plus(TransportConfig.DEFAULT_CONNECT_TIMEOUT);
        long attempts = (long) maxRetries + 1;
        double backoffSeconds = 0;
        for (int n = 1; n <= Math.min(maxRetries, 30); n++) {
            backoffSeconds += Math.pow(2, n) * (1 + jitterFactor);
        }
        Duration once = perAttempt.multipliedBy(attempts).plusMillis((long) (backoffSeconds * 1000));
        return once.multipliedBy(2).plus(BLOCKING_MARGIN);
    }
}
