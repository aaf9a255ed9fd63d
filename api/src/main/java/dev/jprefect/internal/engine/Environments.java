package dev.jprefect.internal.engine;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientBuilder;
import dev.jprefect.client.Sleeper;
import dev.jprefect.settings.ServerType;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which client runs report to. In order: the client of the run active on the thread (a subflow or
 * task reports where its flow run does); else the innermost {@link #using} scope of the thread
 * (inherited by threads it starts); else a default client made from {@code Settings.current()},
 * one per effective API URL for the JVM's life, closed by {@link #shutdown()} or at JVM exit.
 */
public final class Environments {

    /** The key of the default client in ephemeral mode (no API URL). */
    private static final String EPHEMERAL_KEY = "ephemeral";

    /** The innermost scope of this thread; a thread starts with its parent's. */
    private static final InheritableThreadLocal<Scope> SCOPED = new InheritableThreadLocal<>();

    /** Environments of clients given to {@link #using}, counted by open scopes; guarded by the class. */
    private static final Map<PrefectClient, Environment> SCOPED_ENVIRONMENTS = new IdentityHashMap<>();
    private static final Map<PrefectClient, Integer> SCOPE_COUNTS = new IdentityHashMap<>();

    /** Default environments by effective API URL; guarded by the class. */
    private static final Map<String, Environment> DEFAULTS = new LinkedHashMap<>();
    private static boolean shutdownHookInstalled;

    private Environments() {
    }

    /** Returns the environment runs started on this thread report to, creating the default client if needed. */
    static Environment current() {
        Frame frame = Frames.frame();
        if (frame != null) {
            return frame.environment();
        }
        Scope scope = SCOPED.get();
        if (scope != null) {
            return scope.environment;
        }
        return defaultFor(Settings.current());
    }

    /** Returns the client runs started on this thread would report to (see the class comment). */
    public static PrefectClient client() {
        return current().client();
    }

    /**
     * Makes runs started on this thread, and on threads it starts while the scope is open, report to
     * {@code client}; returns what closes the scope (on this thread), which first sends the logs
     * queued for {@code client}. The caller keeps ownership of the client.
     */
    public static Runnable using(PrefectClient client) {
        Objects.requireNonNull(client, "client");
        Environment environment;
        synchronized (Environments.class) {
            environment = SCOPED_ENVIRONMENTS.computeIfAbsent(client,
                    c -> new Environment(c, sleeperOf(c), Settings.current()));
            SCOPE_COUNTS.merge(client, 1, Integer::sum);
        }
        Scope scope = new Scope(environment, SCOPED.get(), Thread.currentThread());
        SCOPED.set(scope);
        return scope::close;
    }

    /**
     * Sends the queued logs and closes every default client (and so, in ephemeral mode, releases the
     * embedded server). Idempotent; runs started later make new default clients.
     */
    public static void shutdown() {
        List<Environment> closing;
        synchronized (Environments.class) {
            closing = new ArrayList<>(DEFAULTS.values());
            DEFAULTS.clear();
        }
        for (Environment environment : closing) {
            try {
                environment.drain();
            } finally {
                environment.client().close();
            }
        }
    }

    private static synchronized Environment defaultFor(Settings settings) {
        String key = ServerType.determine(settings) == ServerType.EPHEMERAL
                ? EPHEMERAL_KEY
                : settings.get(Setting.API_URL).map(Object::toString).orElse("");
        Environment environment = DEFAULTS.get(key);
        if (environment == null) {
            PrefectClient client = PrefectClientBuilder.create().settings(settings).build(); // says what is missing
            environment = new Environment(client, sleeperOf(client), settings);
            DEFAULTS.put(key, environment);
            if (!shutdownHookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(Environments::shutdown, "jprefect-shutdown"));
                shutdownHookInstalled = true;
            }
        }
        return environment;
    }

    private static Sleeper sleeperOf(PrefectClient client) {
        return client.sleeper();
    }

    /** An open {@link #using} scope. */
    private static final class Scope {
        private final Environment environment;
        private final Scope outer;
        private final Thread owner;
        private boolean closed;

        Scope(Environment environment, Scope outer, Thread owner) {
            this.environment = environment;
            this.outer = outer;
            this.owner = owner;
        }

        void close() {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("a client scope must be closed on the thread that opened it ("
                        + owner.getName() + "), not on " + Thread.currentThread().getName());
            }
            if (closed) {
                return;
            }
            closed = true;
            if (SCOPED.get() == this) {
                SCOPED.set(outer);
            }
            environment.flushLogs();
            PrefectClient client = environment.client();
            boolean last;
            synchronized (Environments.class) {
                int left = SCOPE_COUNTS.merge(client, -1, Integer::sum);
                last = left <= 0;
                if (last) {
                    SCOPE_COUNTS.remove(client);
                    SCOPED_ENVIRONMENTS.remove(client);
                }
            }
            if (last) {
                environment.drain();
            }
        }
    }
}
