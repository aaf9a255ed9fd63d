package dev.jprefect.client.internal;

import dev.jprefect.client.PrefectClientException;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.AppLifespans;
import dev.jprefect.transport.InProcessApps;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.spi.EmbeddedServerProvider;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The embedded server of ephemeral mode, after Prefect's ephemeral client: found with
 * {@link ServiceLoader} and created once per JVM, registered as the in-process app
 * {@value #APP_NAME}, and kept running while at least one client holds a lease on its lifespan.
 */
final class EphemeralServer {

    /** The fixed in-process app name: clients reach the server at {@code inmemory://jprefect-ephemeral/api}. */
    static final String APP_NAME = "jprefect-ephemeral";

    /** What to add when no provider is found. */
    static final String SERVER_MODULE = "dev.jprefect.server (Maven artifact dev.jprefect:jprefect-server)";

    private static final System.Logger LOGGER = System.getLogger("dev.jprefect.client");

    private static RequestHandler server; // guarded by EphemeralServer.class; created once per JVM

    private EphemeralServer() {
    }

    /** Returns the API URL of the ephemeral server. */
    static URI apiUrl() {
        return InProcessApps.apiUrl(APP_NAME);
    }

    /**
     * Creates the server if this JVM has none yet, registers it, and enters its lifespan (starting
     * it if no other client holds it).
     *
     * @return the lease that closing the client releases
     * @throws PrefectClientException naming the module to add if no provider is found
     */
    static AppLifespans.Lease enter(Settings settings) {
        RequestHandler app = obtain(settings);
        try {
            return AppLifespans.enter(app, settings.get(Setting.SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS));
        } catch (RuntimeException e) {
            throw new PrefectClientException("the embedded Prefect server did not start: " + e.getMessage(), e);
        }
    }

    private static synchronized RequestHandler obtain(Settings settings) {
        if (server != null) {
            return server;
        }
        List<EmbeddedServerProvider> providers = new ArrayList<>();
        ServiceLoader.load(EmbeddedServerProvider.class, EphemeralServer.class.getClassLoader()).forEach(providers::add);
        if (providers.isEmpty()) {
            throw new PrefectClientException("PREFECT_API_URL is not set, so the client runs in ephemeral mode,"
                    + " which needs the embedded server: no " + EmbeddedServerProvider.class.getName()
                    + " was found. Add the module " + SERVER_MODULE + " to the module path or class path,"
                    + " or set PREFECT_API_URL to a Prefect server's API URL (e.g. http://127.0.0.1:4200/api).");
        }
        providers.sort(Comparator.comparing(EmbeddedServerProvider::name));
        EmbeddedServerProvider chosen = providers.get(0);
        if (providers.size() > 1) {
            LOGGER.log(Level.WARNING, "Several embedded servers found: " + providers.stream()
                    .map(p -> p.name() + " (" + p.getClass().getName() + ")").collect(Collectors.joining(", "))
                    + "; using " + chosen.name());
        }
        RequestHandler created = chosen.create(settings);
        InProcessApps.register(APP_NAME, created); // kept for the JVM's life, like the server itself
        server = created;
        return created;
    }
}
