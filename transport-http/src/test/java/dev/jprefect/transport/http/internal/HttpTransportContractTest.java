package dev.jprefect.transport.http.internal;

import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.netty.NettyServer;
import dev.jprefect.transport.tck.TransportContract;

/** The transport contract over the JDK HttpClient against a real Netty server on loopback. */
class HttpTransportContractTest extends TransportContract {

    @Override
    protected HostedApp host(RequestHandler handler) {
        NettyServer server = NettyServer.start(handler);
        return HostedApp.of(server.apiUrl(), server);
    }
}
