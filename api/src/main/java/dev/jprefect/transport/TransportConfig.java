package dev.jprefect.transport;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What a transport needs to know to reach one API: its URL, timeouts, HTTP/2 and TLS choices.
 *
 * <p>The client builds one from the Prefect settings ({@code PREFECT_API_URL},
 * {@code PREFECT_API_REQUEST_TIMEOUT}, {@code PREFECT_API_ENABLE_HTTP2},
 * {@code PREFECT_API_TLS_INSECURE_SKIP_VERIFY}, {@code PREFECT_API_SSL_CERT_FILE}); tests build
 * one directly:
 *
 * <pre>{@code
 * TransportConfig config = TransportConfig.of(URI.create("http://127.0.0.1:4200/api"))
 *         .withRequestTimeout(Duration.ofSeconds(5));
 * }</pre>
 *
 * @param apiUrl the API's base URL, e.g. {@code http://127.0.0.1:4200/api} or {@code inmemory://app/api}
 * @param connectTimeout how long establishing a connection may take
 * @param requestTimeout how long one request may take, from sending to the complete response
 * @param http2 whether to offer HTTP/2 where the transport can
 * @param tlsInsecureSkipVerify whether to accept any TLS certificate (never in production)
 * @param sslCertFile a PEM file of the CA certificates to trust instead of the JDK's, or null
 */
public record TransportConfig(
        URI apiUrl,
        Duration connectTimeout,
        Duration requestTimeout,
        boolean http2,
        boolean tlsInsecureSkipVerify,
        Path sslCertFile) {

    /** Prefect's default of {@code PREFECT_API_REQUEST_TIMEOUT}: 60 seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** Connecting takes a round trip or two; 10 seconds is generous on any working network. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Checks the values; the timeouts must be positive. */
    public TransportConfig {
        Objects.requireNonNull(apiUrl, "apiUrl");
        if (apiUrl.getScheme() == null) {
            throw new IllegalArgumentException("API URL '" + apiUrl + "' has no scheme; expected e.g. http://127.0.0.1:4200/api");
        }
        checkPositive(connectTimeout, "connectTimeout");
        checkPositive(requestTimeout, "requestTimeout");
    }

    /** Returns the defaults for {@code apiUrl}: 10 s to connect, 60 s a request, HTTP/1.1, verified TLS. */
    public static TransportConfig of(URI apiUrl) {
        return new TransportConfig(apiUrl, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, false, false, null);
    }

    /** Returns a copy with another API URL. */
    public TransportConfig withApiUrl(URI url) {
        return new TransportConfig(url, connectTimeout, requestTimeout, http2, tlsInsecureSkipVerify, sslCertFile);
    }

    /** Returns a copy with another connect timeout. */
    public TransportConfig withConnectTimeout(Duration timeout) {
        return new TransportConfig(apiUrl, timeout, requestTimeout, http2, tlsInsecureSkipVerify, sslCertFile);
    }

    /** Returns a copy with another request timeout. */
    public TransportConfig withRequestTimeout(Duration timeout) {
        return new TransportConfig(apiUrl, connectTimeout, timeout, http2, tlsInsecureSkipVerify, sslCertFile);
    }

    /** Returns a copy that does or does not offer HTTP/2. */
    public TransportConfig withHttp2(boolean enabled) {
        return new TransportConfig(apiUrl, connectTimeout, requestTimeout, enabled, tlsInsecureSkipVerify, sslCertFile);
    }

    /** Returns a copy that does or does not skip TLS certificate verification. */
    public TransportConfig withTlsInsecureSkipVerify(boolean skip) {
        return new TransportConfig(apiUrl, connectTimeout, requestTimeout, http2, skip, sslCertFile);
    }

    /** Returns a copy that trusts the CA certificates in {@code pemFile} (null: the JDK's defaults). */
    public TransportConfig withSslCertFile(Path pemFile) {
        return new TransportConfig(apiUrl, connectTimeout, requestTimeout, http2, tlsInsecureSkipVerify, pemFile);
    }

    private static void checkPositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
