package dev.jprefect.server;

import dev.jprefect.server.internal.PrefectApi;
import dev.jprefect.server.internal.http.Cors;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Lifespan;
import dev.jprefect.transport.RequestHandler;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * jprefect's embedded Prefect-compatible server: the Prefect 3 REST API under {@code /api} as a
 * {@link RequestHandler}, with Prefect's routes, bodies, status codes, error shapes and
 * orchestration rules, and its own in-memory storage. It opens no socket: call {@link #handle}
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
 * <p>Reads, once, when built: {@code PREFECT_SERVER_API_DEFAULT_LIMIT} (200),
 * {@code PREFECT_SERVER_API_AUTH_STRING} (unset), {@code PREFECT_SERVER_API_CSRF_PROTECTION_ENABLED}
 * (false), {@code PREFECT_SERVER_API_CSRF_TOKEN_EXPIRATION} (one hour) and the CORS lists
 * {@code PREFECT_SERVER_API_CORS_ALLOWED_ORIGINS}, {@code _METHODS}, {@code _HEADERS} (each {@code *});
 * {@code /admin/settings} shows the settings it was built with.
 */
public final class PrefectServer implements RequestHandler {
    private final PrefectApi api;
    private final Cors cors;
    private final Lifespan lifespan;

    private PrefectServer(Builder builder) {
        this.api = new PrefectApi(builder.settings, builder.clock);
        this.cors = new Cors(builder.settings);
        this.lifespan = Lifespan.NONE;
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
     * Returns the startup and shutdown hooks: none are needed, as storage is ready when the server
     * is built and holds nothing that must be released.
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

    /** Returns the route table, in matching order (for the route coverage test). */
    List<Router.Route> routes() {
        return api.routes();
    }

    /** Configures a {@link PrefectServer}; not thread-safe. */
    public static final class Builder {
        private Settings settings;
        private InstantSource clock = InstantSource.system();

        private Builder() {
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
         * Returns a new server with empty storage.
         *
         * @throws dev.jprefect.settings.InvalidSettingException if a server setting has a bad value,
         *     naming the setting
         */
        public PrefectServer build() {
            if (settings == null) {
                settings = Settings.current();
            }
            return new PrefectServer(this);
        }
    }
}
