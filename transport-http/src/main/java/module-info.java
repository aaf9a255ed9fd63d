/**
 * The HTTP transport: carries requests for {@code http://} and {@code https://} API URLs with the
 * JDK's {@code java.net.http.HttpClient} (HTTP/1.1, optionally HTTP/2; TLS), and streams over its
 * {@code java.net.http.WebSocket}.
 *
 * <p>Exports nothing. Provides {@code dev.jprefect.transport.spi.TransportProvider} (provider name
 * {@code http}, schemes {@code http} and {@code https}); put this module on the path to reach a
 * Prefect server over the network. Uses no service. Reads no setting itself: the client maps the
 * settings into the {@code TransportConfig} it opens the transport with:
 * {@code PREFECT_API_REQUEST_TIMEOUT} (default 60 s) as the request timeout,
 * {@code PREFECT_API_ENABLE_HTTP2} (default false), {@code PREFECT_API_TLS_INSECURE_SKIP_VERIFY}
 * (default false: trust no certificate blindly) and {@code PREFECT_API_SSL_CERT_FILE} (a PEM file of
 * CA certificates to trust instead of the JDK's). Redirects are never followed.
 *
 * @since 0.1
 */
module dev.jprefect.transport.http {
    requires dev.jprefect.api;
    requires java.net.http;

    provides dev.jprefect.transport.spi.TransportProvider
            with dev.jprefect.transport.http.internal.HttpTransportProvider;
}
