package dev.jprefect.integration;

import dev.jprefect.transport.InProcessApps;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.netty.NettyServer;
import java.net.URI;

/**
 * The two ways a test serves an app to the client: Netty on loopback (JDK HttpClient), or in-process.
 * Public for the flow engine tests in {@code dev.jprefect.integration.flows}.
 */
public enum Via {
    NETTY {
        @Override
        public Served serve(RequestHandler app) {
            NettyServer server = NettyServer.start(app);
            return new Served(server.apiUrl(), server::close);
        }
    },
    IN_MEMORY {
        @Override
        public Served serve(RequestHandler app) {
            InProcessApps.Registration registration = InProcessApps.registerUnique("it", app);
            return new Served(registration.apiUrl(), registration::close);
        }
    };

    /** Starts serving {@code app}; closing the result stops it. */
    public abstract Served serve(RequestHandler app);

    /** An app being served at {@link #apiUrl()}. */
    public static final class Served implements AutoCloseable {
        private final URI apiUrl;
        private final Runnable stop;

        Served(URI apiUrl, Runnable stop) {
            this.apiUrl = apiUrl;
            this.stop = stop;
        }

        public URI apiUrl() {
            return apiUrl;
        }

        /** Stops serving: a Netty server closes its port, an in-process app leaves the registry. */
        @Override
        public void close() {
            stop.run();
        }
    }
}
