package dev.jprefect.benchmarks;

import dev.jprefect.Flows;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientBuilder;
import dev.jprefect.server.PrefectServer;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.InProcessApps;
import dev.jprefect.transport.netty.NettyServer;
import java.net.URI;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A fresh embedded server for the flow and task benchmarks, served in-process or over HTTP, and a
 * {@link Flows#using} scope that makes this thread's runs report to it. Run logs still go to the
 * API (as Prefect's benches send theirs); they are only kept off the console.
 */
public final class FlowBenchServer implements AutoCloseable {

    /** How the benchmark reaches the server. */
    public enum Via {
        /** In-process: the in-memory transport, no socket. */
        IN_PROCESS,
        /** Netty on a loopback port, reached over the JDK HttpClient. */
        HTTP
    }

    /** Keeps run logs off the console (a strong reference, or JUL forgets the level). */
    private static final Logger PREFECT_LOGS = Logger.getLogger("prefect");

    private final AutoCloseable served;
    private final PrefectClient client;
    private final Flows.ClientScope scope;

    FlowBenchServer(Via via) {
        PREFECT_LOGS.setLevel(Level.WARNING);
        PrefectServer server = PrefectServer.builder().settings(Settings.isolated(Map.of())).build();
        URI apiUrl;
        if (via == Via.IN_PROCESS) {
            InProcessApps.Registration registration = InProcessApps.registerUnique("bench-flows", server);
            served = registration;
            apiUrl = registration.apiUrl();
        } else {
            NettyServer netty = NettyServer.start(server);
            served = netty;
            apiUrl = netty.apiUrl();
        }
        client = PrefectClientBuilder.create()
                .settings(Settings.isolated(Map.of("PREFECT_API_URL", apiUrl.toString())))
                .build();
        scope = Flows.using(client);
    }

    @Override
    public void close() {
        scope.close();
        client.close();
        try {
            served.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the benchmark server", e);
        } catch (Exception e) {
            throw new IllegalStateException("stopping the benchmark server failed: " + e, e);
        }
    }
}
