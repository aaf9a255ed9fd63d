package dev.jprefect.server.internal.api;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.schema.ValidationException;
import dev.jprefect.server.internal.storage.ConflictException;
import dev.jprefect.server.internal.storage.StorageBusyException;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;

/**
 * The Prefect REST API under {@code /api}: security checks, routing, and the translation of every
 * failure into the response Prefect would give. Nothing escapes {@link #handle}: bad input is a
 * 4xx, a bug a logged 500 without a stack trace in the body.
 */
public final class PrefectApi {
    /** Where the API is mounted, as Prefect's {@code PREFECT_SERVER_API_BASE_PATH} default. */
    public static final String API_ROOT = "/api";

    private static final System.Logger LOG = System.getLogger(PrefectApi.class.getName());

    /** Prefect's answer to a bug, prepared as text so it can be sent whatever failed. */
    private static final ApiResponse INTERNAL_ERROR =
            ApiResponse.json(500, "{\"exception_message\":\"Internal Server Error\"}");

    private final Router router = new Router();
    private final Security security;

    public PrefectApi(Backend backend) {
        this.security = new Security(backend);
        Guard guard = new Guard();
        RootRoutes.registerFirst(router);
        FlowRoutes.register(router, backend, guard);
        FlowRunRoutes.register(router, backend, guard);
        TaskRunRoutes.register(router, backend, guard);
        StateRoutes.register(router, backend, guard);
        LogRoutes.register(router, backend, guard);
        VariableRoutes.register(router, backend, guard);
        RootRoutes.registerLast(router, backend, guard);
    }

    /** Returns the routes, in matching order (paths relative to {@link #API_ROOT}). */
    public List<Router.Route> routes() {
        return router.routes();
    }

    /** Answers {@code request}; never throws. */
    public ApiResponse handle(ApiRequest request) {
        ApiResponse response;
        try {
            response = dispatch(request);
        } catch (ApiError e) {
            response = e.response();
        } catch (ValidationException e) {
            response = ApiError.validation(e.problems()).response();
        } catch (ConflictException e) {
            response = FlowRunRoutes.integrityConflict().response();
        } catch (StorageBusyException e) {
            LOG.log(Level.WARNING, "storage busy: " + e.getMessage());
            response = Responses.json(503, Map.of("exception_message", "Service Unavailable"));
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            LOG.log(Level.ERROR, "Encountered exception in request " + request.method() + " " + request.path(), e);
            response = INTERNAL_ERROR; // written without the JSON machinery, which may be what broke
        }
        if ("HEAD".equals(request.method())) {
            return response.toBuilder().body(new byte[0]).build();
        }
        return response;
    }

    private ApiResponse dispatch(ApiRequest request) {
        String path = request.path();
        if (!(path.equals(API_ROOT) || path.startsWith(API_ROOT + "/"))) {
            throw ApiError.detail(404, "Not Found");
        }
        String below = path.length() == API_ROOT.length() ? "/" : path.substring(API_ROOT.length());
        security.check(request, below);
        return router.dispatch(request, below);
    }
}
