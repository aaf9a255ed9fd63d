package dev.jprefect.client;

import dev.jprefect.client.internal.ClientFactory;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.Transport;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link PrefectClient} or {@link PrefectAsyncClient}.
 *
 * <p>By default the client is configured by {@code Settings.current()} at build time: with
 * {@code PREFECT_API_URL} set, it opens a transport for that URL (the provider named by
 * {@code PREFECT_CLIENT_TRANSPORT}, else the one for the URL's scheme, configured by
 * {@code PREFECT_API_REQUEST_TIMEOUT}, {@code PREFECT_API_ENABLE_HTTP2},
 * {@code PREFECT_API_TLS_INSECURE_SKIP_VERIFY} and {@code PREFECT_API_SSL_CERT_FILE}); without it,
 * in ephemeral mode ({@code PREFECT_SERVER_ALLOW_EPHEMERAL_MODE}, on by default), it starts the
 * embedded server of module {@code dev.jprefect.server} in-process (once per JVM) and talks to it
 * through the in-memory transport. The pipeline reads {@code PREFECT_CLIENT_MAX_RETRIES},
 * {@code PREFECT_CLIENT_RETRY_JITTER_FACTOR}, {@code PREFECT_CLIENT_RETRY_EXTRA_CODES},
 * {@code PREFECT_CLIENT_CSRF_SUPPORT_ENABLED}, {@code PREFECT_CLIENT_CUSTOM_HEADERS},
 * {@code PREFECT_API_KEY} and {@code PREFECT_API_AUTH_STRING}.
 *
 * <pre>{@code
 * PrefectAsyncClient client = PrefectClientBuilder.create()
 *         .transport(myTransport, URI.create("http://127.0.0.1:4200/api"))
 *         .interceptor(chain -> chain.proceed(chain.request().withHeader("X-Team", "data")))
 *         .buildAsync();
 * }</pre>
 */
public final class PrefectClientBuilder {
    private Settings settings;
    private Transport transport;
    private URI apiUrl;
    private final List<Interceptor> interceptors = new ArrayList<>();
    private Sleeper sleeper = Sleeper.system();

    private PrefectClientBuilder() {
    }

    /** Returns a builder with the defaults: current settings, the system clock, no interceptors. */
    public static PrefectClientBuilder create() {
        return new PrefectClientBuilder();
    }

    /** Uses {@code value} instead of {@code Settings.current()} at build time. */
    public PrefectClientBuilder settings(Settings value) {
        this.settings = Objects.requireNonNull(value, "settings");
        return this;
    }

    /**
     * Talks to {@code url} (the API's base URL, e.g. {@code http://127.0.0.1:4200/api}) over
     * {@code value} instead of opening a transport from the settings. The client takes ownership:
     * closing the client closes the transport.
     */
    public PrefectClientBuilder transport(Transport value, URI url) {
        Objects.requireNonNull(value, "transport");
        Objects.requireNonNull(url, "apiUrl");
        if (!url.isAbsolute()) {
            throw new IllegalArgumentException("API URL '" + url + "' is not absolute; expected e.g. http://127.0.0.1:4200/api");
        }
        this.transport = value;
        this.apiUrl = url;
        return this;
    }

    /** Adds {@code value} after the interceptors already added; see {@link Interceptor}. */
    public PrefectClientBuilder interceptor(Interceptor value) {
        interceptors.add(Objects.requireNonNull(value, "interceptor"));
        return this;
    }

    /** Uses {@code value} for the time and for waiting between retries (default {@link Sleeper#system()}). */
    public PrefectClientBuilder sleeper(Sleeper value) {
        this.sleeper = Objects.requireNonNull(value, "sleeper");
        return this;
    }

    /**
     * Returns a new asynchronous client.
     *
     * @throws PrefectClientException if no API is configured and ephemeral mode is off, or the
     *     embedded server's module is missing (the message says which setting or module)
     * @throws dev.jprefect.transport.TransportNotFoundException if no transport serves the API URL
     * @throws dev.jprefect.settings.InvalidSettingException if a setting's value cannot be read
     */
    public PrefectAsyncClient buildAsync() {
        Settings effective = settings != null ? settings : Settings.current();
        return ClientFactory.create(effective, transport, apiUrl, List.copyOf(interceptors), sleeper);
    }

    /** Returns a new blocking client; see {@link #buildAsync()} for what can go wrong. */
    public PrefectClient build() {
        return buildAsync().blocking();
    }
}
