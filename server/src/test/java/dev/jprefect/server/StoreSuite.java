package dev.jprefect.server;

import dev.jprefect.settings.Settings;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;

/**
 * Base of the HTTP suites that every store runs: each test's server comes from
 * {@link #newServer}, in memory; or, when the system property {@value #DATABASES} names a class
 * supplying URLs of new databases (server-jdbc runs these suites from this module's test jar over
 * SQLite and PostgreSQL with it), in a new database each. Every server built is shut down after
 * the test (its services stopped, a database's connections closed).
 */
abstract class StoreSuite {
    /** The system property naming a {@code Supplier<String>} of new database URLs; unset: memory. */
    static final String DATABASES = "jprefect.test.databases";

    private final List<PrefectServer> servers = new ArrayList<>();

    /** Returns a new server with isolated settings on {@code clock}, in a new store. */
    final PrefectServer newServer(InstantSource clock) {
        return newServer(clock, Map.of());
    }

    /** Returns a new server with isolated {@code settings} on {@code clock}, in a new store. */
    final PrefectServer newServer(InstantSource clock, Map<String, String> settings) {
        PrefectServer.Builder builder = PrefectServer.builder().settings(Settings.isolated(settings)).clock(clock);
        String databases = System.getProperty(DATABASES);
        if (databases != null) {
            builder.database(newDatabase(databases));
        }
        PrefectServer server = builder.build();
        servers.add(server);
        return server;
    }

    @SuppressWarnings("unchecked")
    private static String newDatabase(String supplier) {
        try {
            return ((Supplier<String>) Class.forName(supplier).getDeclaredConstructor().newInstance()).get();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(DATABASES + " names " + supplier + ", which is no Supplier<String> on the path", e);
        }
    }

    @AfterEach
    final void shutDownServers() throws Exception {
        for (PrefectServer server : servers) {
            server.lifespan().shutdown();
        }
    }
}
