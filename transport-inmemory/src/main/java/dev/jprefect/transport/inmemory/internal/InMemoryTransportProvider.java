package dev.jprefect.transport.inmemory.internal;

import dev.jprefect.transport.InProcessApps;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.spi.TransportProvider;
import java.util.Set;

/**
 * Provides the in-memory transport for {@code inmemory:} URLs. Registered with ServiceLoader in
 * {@code module-info.java} and {@code META-INF/services}; not for direct use.
 */
public final class InMemoryTransportProvider implements TransportProvider {

    /** The provider name that {@code PREFECT_CLIENT_TRANSPORT} selects this transport by. */
    public static final String NAME = "inmemory";

    /** Called by ServiceLoader. */
    public InMemoryTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> schemes() {
        return Set.of(InProcessApps.SCHEME);
    }

    @Override
    public Transport open(TransportConfig config) {
        return new InMemoryTransport(config);
    }
}
