package dev.jprefect.transport.http.internal;

import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.spi.TransportProvider;
import java.util.Set;

/**
 * Provides the JDK HttpClient transport for {@code http:} and {@code https:} URLs. Registered with
 * ServiceLoader in {@code module-info.java} and {@code META-INF/services}; not for direct use.
 */
public final class HttpTransportProvider implements TransportProvider {

    /** The provider name that {@code PREFECT_CLIENT_TRANSPORT} selects this transport by. */
    public static final String NAME = "http";

    /** Called by ServiceLoader. */
    public HttpTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("http", "https");
    }

    @Override
    public Transport open(TransportConfig config) {
        return new JdkHttpTransport(config);
    }
}
