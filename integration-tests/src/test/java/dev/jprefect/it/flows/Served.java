package dev.jprefect.it.flows;

import dev.jprefect.transport.InProcessApps;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.netty.NettyServer;
import java.net.URI;

/** A server being served to the client at {@link #apiUrl()}: in-process, or by Netty on a loopback port. */
final class Served implements AutoCloseable {
    private final URI apiUrl;
    private final Runnable stop;

    private Served(URI apiUrl, Runnable stop) {
        this.apiUrl = apiUrl;
        this.stop = stop;
    }

    /** Serves {@code app} in-process at a unique {@code inmemory://} URL. */
    static Served inProcess(RequestHandler app) {
        InProcessApps.Registration registration = InProcessApps.registerUnique("flows", app);
        return new Served(registration.apiUrl(), registration::close);
    }

    /** Serves {@code app} with Netty on a free loopback port; the client reaches it over the JDK HttpClient. */
    static Served overHttp(RequestHandler app) {
        NettyServer server = NettyServer.start(app);
        return new Served(server.apiUrl(), server::close);
    }

    URI apiUrl() {
        return apiUrl;
    }

    @Override
    public void close() {
        stop.run();
    }
}
