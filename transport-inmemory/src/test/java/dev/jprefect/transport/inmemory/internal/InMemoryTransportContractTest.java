package dev.jprefect.transport.inmemory.internal;

import dev.jprefect.transport.InProcessApps;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.tck.TransportContract;

/** The transport contract over the in-memory transport: apps registered in {@link InProcessApps}. */
class InMemoryTransportContractTest extends TransportContract {

    @Override
    protected HostedApp host(RequestHandler handler) {
        InProcessApps.Registration registration = InProcessApps.registerUnique("tck", handler);
        return HostedApp.of(registration.apiUrl(), registration);
    }
}
