package dev.jprefect.transport.spi;

import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import java.util.Set;

/**
 * ServiceLoader provider interface for transports. A module that carries requests to Prefect APIs
 * declares {@code provides dev.jprefect.transport.spi.TransportProvider with ...} in its
 * {@code module-info.java} (and, for the class path, lists the class in
 * {@code META-INF/services/dev.jprefect.transport.spi.TransportProvider}).
 *
 * <p>{@link dev.jprefect.transport.Transports} chooses among the providers found: one named by
 * the {@code PREFECT_CLIENT_TRANSPORT} setting wins; otherwise the one with the highest
 * {@link #priority()} among those serving the API URL's scheme.
 */
public interface TransportProvider {

    /** Returns the short, unique name by which settings select this provider, e.g. {@code "http"}. */
    String name();

    /** Returns the lower-case URL schemes this provider serves, e.g. {@code http} and {@code https}. */
    Set<String> schemes();

    /** Returns the rank among providers of the same scheme; higher wins. The built-ins use 0. */
    default int priority() {
        return 0;
    }

    /** Opens a transport to {@code config.apiUrl()}. */
    Transport open(TransportConfig config);
}
