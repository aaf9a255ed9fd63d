package dev.jprefect.server.internal;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.http.Gzip;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.models.Events;
import dev.jprefect.server.internal.models.Models;
import dev.jprefect.server.internal.models.RefusedException;
import dev.jprefect.server.internal.orchestration.ConcurrencySlots;
import dev.jprefect.server.internal.orchestration.Orchestrator;
import dev.jprefect.server.internal.routes.ApiRoutes;
import dev.jprefect.server.internal.routes.ServerSettings;
import dev.jprefect.server.internal.schema.ValidationException;
import dev.jprefect.server.internal.services.Services;
import dev.jprefect.server.internal.storage.ConflictException;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.StorageBusyException;
import dev.jprefect.server.internal.ui.UiApp;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.StreamHandler;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The Prefect REST API under {@code /api} and the UI app beside it, the composition root of the server's layers (routes ->
 * model operations -> orchestration -> storage), and the translation of every failure into the
 * response Prefect would give. Nothing escapes {@link #handle}: bad input is a
 * 4xx, a bug a logged 500 without a stack trace in the body.
 */
public final class PrefectApi {
    /** Where the API is mounted, as Prefect's {@code PREFECT_SERVER_API_BASE_PATH} default. */
    public static final String API_ROOT = "/api";

    /** Prefect's answer when a write breaks a database constraint. */
    static final String INTEGRITY_CONFLICT = "Data integrity conflict. This usually means a unique or foreign key"
            + " constraint was violated. See server logs for details.";

    private static final System.Logger LOG = System.getLogger(PrefectApi.class.getName());

    /** Prefect's answer to a bug, prepared as text so it can be sent whatever failed. */
    private static final ApiResponse INTERNAL_ERROR =
            ApiResponse.json(500, "{\"exception_message\":\"Internal Server Error\"}");

    private final ApiRoutes routes;
    private final UiApp ui;
    private final Services services;

    /**
     * Builds the layers of one server over {@code storage}: orchestration on the server's clock, the model
     * operations over both, the routes and the background services over the models.
     *
     * @throws dev.jprefect.settings.InvalidSettingException if a server setting has a bad value, naming it
     */
    public PrefectApi(Settings settings, InstantSource clock, Storage storage) {
        ServerSettings serverSettings = new ServerSettings(settings);
        Events events = new Events(storage, clock, new Events.Limits(
                settings.get(Setting.SERVER_EVENTS_MAXIMUM_LABELS_PER_RESOURCE),
                settings.get(Setting.SERVER_EVENTS_MAXIMUM_RELATED_RESOURCES),
                settings.get(Setting.SERVER_EVENTS_MAXIMUM_EVENT_NAME_LENGTH),
                settings.get(Setting.SERVER_EVENTS_MAXIMUM_WEBSOCKET_BACKFILL),
                settings.get(Setting.SERVER_EVENTS_WEBSOCKET_BACKFILL_PAGE_SIZE),
                settings.get(Setting.SERVER_EVENTS_MAXIMUM_COUNT_BUCKETS)));
        DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        Orchestrator orchestrator = new Orchestrator(clock, random, events::emit, new ConcurrencySlots(
                settings.get(Setting.SERVER_CONCURRENCY_MAXIMUM_CONCURRENCY_SLOT_WAIT_SECONDS),
                settings.get(Setting.SERVER_TASKS_TAG_CONCURRENCY_SLOT_WAIT_SECONDS), random));
        Models models = new Models(storage, clock, orchestrator, events);
        this.routes = new ApiRoutes(models, serverSettings, clock);
        this.ui = UiApp.create(settings);
        this.services = new Services(settings, models, clock);
    }

    /** Returns the UI bundles served beside the API ({@code v1}, {@code v2}); empty when none is. */
    public List<String> servedUis() {
        return ui.served();
    }

    /** Returns the background services over the same models (scheduler, late runs). */
    public Services services() {
        return services;
    }

    /** Returns the routes, in matching order (paths relative to {@link #API_ROOT}). */
    public List<Router.Route> routes() {
        return routes.routes();
    }

    /** Answers {@code request}; never throws. */
    public ApiResponse handle(ApiRequest request) {
        ApiResponse response;
        try {
            response = dispatch(request);
        } catch (ApiError e) {
            response = e.response();
        } catch (ValidationException e) {
            response = ApiError.validation(e.problems(), null).response(); // not from a body a route read
        } catch (ConflictException e) {
            response = ApiError.detail(409, INTEGRITY_CONFLICT).response();
        } catch (RefusedException e) {
            response = ApiError.detail(e.status(), e.getMessage()).response();
        } catch (StorageBusyException e) {
            LOG.log(Level.WARNING, "storage busy: " + e.getMessage());
            response = Responses.json(503, Map.of("exception_message", "Service Unavailable"));
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            LOG.log(Level.ERROR, "Encountered exception in request " + request.method() + " " + request.path(), e);
            response = INTERNAL_ERROR; // written without the JSON machinery, which may be what broke
        }
        response = Gzip.apply(request, response); // Prefect's API and UI apps each add Starlette's GZipMiddleware
        if ("HEAD".equals(request.method())) {
            return response.toBuilder().body(new byte[0]).build();
        }
        return response;
    }

    /** Returns the handler of the stream {@code request} opens, or null if there is none at its path. */
    public StreamHandler streamHandler(ApiRequest request) {
        String path = request.path();
        return path.startsWith(API_ROOT + "/") ? routes.streamHandler(path.substring(API_ROOT.length())) : null;
    }

    private ApiResponse dispatch(ApiRequest request) {
        String path = request.path();
        if (!(path.equals(API_ROOT) || path.startsWith(API_ROOT + "/"))) {
            return ui.handle(request); // Prefect mounts its UI app at "/", after the API
        }
        String below = path.length() == API_ROOT.length() ? "/" : path.substring(API_ROOT.length());
        return routes.dispatch(request, below);
    }
}
