package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.models.Names;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.models.Models;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.StreamHandler;
import java.time.InstantSource;
import java.util.List;

/**
 * Every route of the API, in Prefect's registration order, behind the security checks of its
 * middleware. Routes are HTTP only: they parse and validate the request, call one model operation
 * and answer; they never touch storage.
 */
public final class ApiRoutes {
    private final Router router = new Router();
    private final Security security;
    private final EventStreams eventStreams;

    /**
     * @param models the model operations the routes call
     * @param settings the server settings, read once
     * @param clock the server's clock
     */
    public ApiRoutes(Models models, ServerSettings settings, InstantSource clock) {
        this.security = new Security(settings, models.csrfTokens);
        this.eventStreams = new EventStreams(models.events, settings, settings.eventsSubscriberBacklog, clock);
        Guard guard = new Guard();
        Names names = models.names;
        RootRoutes.registerFirst(router);
        FlowRoutes.register(router, models.flows, settings, guard);
        FlowRunRoutes.register(router, models.flowRuns, settings, guard, names);
        TaskRunRoutes.register(router, models.taskRuns, settings, guard, names);
        StateRoutes.register(router, models.flowRunStates, models.taskRunStates, guard);
        DeploymentRoutes.register(router, models.deployments, settings, guard, names);
        SavedSearchRoutes.register(router, models.savedSearches, settings, guard);
        WorkQueueRoutes.register(router, models.workPools, settings, guard);
        WorkPoolRoutes.register(router, models.workPools, settings, guard);
        LogRoutes.register(router, models.logs, settings, guard);
        TagConcurrencyLimitRoutes.register(router, models.tagConcurrencyLimits, settings, guard);
        ConcurrencyLimitRoutes.register(router, models.concurrencyLimits, settings, guard);
        BlockRoutes.registerTypes(router, models, settings, guard);
        BlockRoutes.registerDocuments(router, models.blockDocuments, settings, guard);
        VariableRoutes.register(router, models.variables, settings, guard);
        ArtifactRoutes.register(router, models.artifacts, settings, guard);
        BlockRoutes.registerSchemas(router, models.blockSchemas, settings, guard);
        UiRoutes.register(router, models.flowRuns, models.taskRuns, models.deployments, models.flowRunGraphs, settings,
                guard);
        EventRoutes.register(router, models.events, guard);
        BlockRoutes.registerStorage(router, models.storageDefault, guard);
        AutomationRoutes.register(router, models.automations, settings, guard);
        RootRoutes.registerLast(router, models.csrfTokens, settings, guard);
    }

    /**
     * Returns the handler of the stream at {@code path} (below the API root), or null if no stream
     * is served there. Streams authenticate in their own protocol, not by headers.
     */
    public StreamHandler streamHandler(String path) {
        return eventStreams.handlerFor(path);
    }

    /** Returns the routes, in matching order (paths relative to the API root). */
    public List<Router.Route> routes() {
        return router.routes();
    }

    /**
     * Answers {@code request}, whose path below the API root is {@code path}, after the security checks.
     *
     * @throws dev.jprefect.server.internal.http.ApiError for any refusal
     */
    public ApiResponse dispatch(ApiRequest request, String path) {
        security.check(request, path);
        return router.dispatch(request, path);
    }
}
