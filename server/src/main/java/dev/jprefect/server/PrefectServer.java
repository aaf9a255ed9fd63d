package dev.jprefect.server;

import dev.jprefect.server.internal.PrefectApi;
import dev.jprefect.server.internal.http.Cors;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.storage.DeploymentRow;
import dev.jprefect.server.internal.storage.DeploymentScheduleRow;
import dev.jprefect.server.internal.storage.FlowRow;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.InMemoryStorage;
import dev.jprefect.server.internal.storage.Redact;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.StorageProvider;
import dev.jprefect.server.internal.storage.TableSpec;
import dev.jprefect.server.internal.storage.TaskRunRow;
import dev.jprefect.server.internal.storage.VariableRow;
import dev.jprefect.server.internal.storage.WorkPoolRow;
import dev.jprefect.server.internal.storage.WorkQueueRow;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Lifespan;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.StreamHandler;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * jprefect's embedded Prefect-compatible server: the Prefect 3 REST API under {@code /api} as a
 * {@link RequestHandler}, with Prefect's routes, bodies, status codes, error shapes and
 * orchestration rules, and its own storage: in memory, or in a SQLite or PostgreSQL database
 * ({@link Builder#database}). It opens no socket: call {@link #handle}
 * directly, register it with {@code InProcessApps} for {@code inmemory://} URLs, or host it on a
 * port with {@code transport-netty}'s server.
 *
 * <p>Each instance stores its own flows, runs, states, logs and variables; two servers in one JVM
 * share nothing. Every timestamp it makes and every "now" of orchestration comes from its clock.
 *
 * <pre>{@code
 * PrefectServer server = PrefectServer.builder()
 *         .settings(Settings.current())
 *         .clock(InstantSource.system())
 *         .build();
 * ApiResponse health = server.handle(ApiRequest.get(URI.create("/api/health"))); // 200 true
 * }</pre>
 *
 * <p>Reads, once, when built: the {@code PREFECT_SERVER_SERVICES_SCHEDULER_*} and
 * {@code PREFECT_SERVER_SERVICES_LATE_RUNS_*} settings (see {@link #runServices()}),
 * {@code PREFECT_SERVER_API_DEFAULT_LIMIT} (200), with a {@linkplain Builder#database database} its limits
 * ({@code PREFECT_SERVER_DATABASE_TIMEOUT}, {@code _CONNECTION_TIMEOUT}, {@code _SQLALCHEMY_POOL_SIZE},
 * {@code _SQLALCHEMY_POOL_TIMEOUT} and jprefect's {@code PREFECT_SERVER_DATABASE_TABLE_*} and {@code _TOMBSTONE_*}),
 * {@code PREFECT_SERVER_API_AUTH_STRING} (unset), {@code PREFECT_SERVER_API_CSRF_PROTECTION_ENABLED}
 * (false), {@code PREFECT_SERVER_API_CSRF_TOKEN_EXPIRATION} (one hour) and the CORS lists
 * {@code PREFECT_SERVER_API_CORS_ALLOWED_ORIGINS}, {@code _METHODS}, {@code _HEADERS} (each {@code *});
 * {@code /admin/settings} shows the settings it was built with.
 */
public final class PrefectServer implements RequestHandler {
    private final PrefectApi api;
    private final Cors cors;
    private final Lifespan lifespan;

    private PrefectServer(Builder builder, Storage storage) {
        this.api = new PrefectApi(builder.settings, builder.clock, storage);
        this.cors = new Cors(builder.settings);
        this.lifespan = new Lifespan() {
            @Override
            public void startup() {
                api.services().start();
            }

            @Override
            public void shutdown() throws InterruptedException {
                api.services().stop();
                storage.close();
            }
        };
    }

    /** Returns a server configured by {@link Settings#current()} on the system clock. */
    public static PrefectServer create() {
        return builder().build();
    }

    /** Returns a builder: settings default to {@link Settings#current()}, the clock to the system's. */
    public static Builder builder() {
        return new Builder();
    }

    /** Answers one request; thread-safe; never throws (errors are 4xx/5xx responses). */
    @Override
    public ApiResponse handle(ApiRequest request) {
        return cors.handle(request, api::handle);
    }

    /**
     * Returns the handler of Prefect's event streams, {@code /api/events/in} and
     * {@code /api/events/out}, or null for any other path.
     */
    @Override
    public StreamHandler streamHandler(ApiRequest request) {
        return api.streamHandler(request);
    }

    /**
     * Returns the startup and shutdown hooks: startup starts the background services (the
     * scheduler and late runs, each every {@code *_LOOP_SECONDS} of real time, reading "now" from
     * the server's clock); shutdown stops them, then closes a database's connections (nothing to do
     * in memory). Storage is ready when the server is built.
     */
    @Override
    public Lifespan lifespan() {
        return lifespan;
    }

    /**
     * Returns the UI bundles this server serves beside the API, {@code v1} (Vue) and/or {@code v2}
     * (React); empty when {@code PREFECT_SERVER_UI_ENABLED} is false or no
     * {@link dev.jprefect.server.spi.UiBundleProvider} (module {@code dev.jprefect.ui}) is on the path.
     */
    public List<String> servedUis() {
        return api.servedUis();
    }

    /**
     * Runs one round of each enabled background service now, on the caller's thread: the scheduler
     * makes the runs deployments' schedules need ahead, then late runs marks overdue scheduled runs
     * Late, both as of the server's clock. The harness calls it when a test moves its virtual clock.
     */
    public void runServices() {
        api.services().runOnce();
    }

    /** Returns the route table, in matching order (for the route coverage test). */
    List<Router.Route> routes() {
        return api.routes();
    }

    /** Configures a {@link PrefectServer}; not thread-safe. */
    public static final class Builder {
        private Settings settings;
        private InstantSource clock = InstantSource.system();
        private String database;

        private Builder() {
        }

        /**
         * Keeps the server's rows in the database at {@code url} instead of in memory, so they
         * outlive the process and several servers can share them. The URL has the form of
         * Prefect's {@code PREFECT_API_DATABASE_CONNECTION_URL}: {@code sqlite+aiosqlite:///PATH}
         * (or {@code sqlite:///PATH}) for a SQLite file, {@code postgresql+asyncpg://USER:PASSWORD@HOST:PORT/DB}
         * for PostgreSQL. Needs the module {@code dev.jprefect.server.jdbc} (artifact
         * {@code jprefect-server-jdbc}); without this call, storage is in memory.
         */
        public Builder database(String url) {
            this.database = Objects.requireNonNull(url, "url");
            return this;
        }

        /** Sets the settings the server reads (default {@link Settings#current()} at build time). */
        public Builder settings(Settings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Sets the clock of every timestamp and every "now" (default the system clock). */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Returns a new server: with empty storage in memory, or over the rows of its
         * {@linkplain #database database}.
         *
         * @throws dev.jprefect.settings.InvalidSettingException if a server setting has a bad value,
         *     naming the setting
         * @throws IllegalStateException if the database cannot be opened, or no module on the path
         *     opens its URL (the message names the module to add)
         */
        public PrefectServer build() {
            if (settings == null) {
                settings = Settings.current();
            }
            Storage storage = database == null ? new InMemoryStorage() : open(database, settings);
            storage.prepare(FIRST_USED);
            try {
                return new PrefectServer(this, storage);
            } catch (RuntimeException | Error e) {
                storage.close();
                throw e;
            }
        }

        /**
         * The tables the UI's first pages and the background services ask for, smallest first: a
         * database's store loads them in the background as it opens. The others (state history,
         * logs, events, artifacts) load when first used.
         */
        private static final List<TableSpec<?>> FIRST_USED = List.of(FlowRow.TABLE, WorkPoolRow.TABLE, WorkQueueRow.TABLE,
                DeploymentRow.TABLE, DeploymentScheduleRow.TABLE, VariableRow.TABLE, FlowRunRow.TABLE, TaskRunRow.TABLE);

        private static Storage open(String url, Settings settings) {
            for (StorageProvider provider : ServiceLoader.load(StorageProvider.class, PrefectServer.class.getClassLoader())) {
                if (provider.accepts(url)) {
                    return provider.open(url, settings);
                }
            }
            throw new IllegalStateException("no storage on the module path opens the database URL " + Redact.url(url)
                    + ": add the module dev.jprefect.server.jdbc (artifact dev.jprefect:jprefect-server-jdbc), which"
                    + " opens sqlite:/// and postgresql:// URLs");
        }
    }
}
