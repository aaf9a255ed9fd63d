package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.http.Call;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.models.Deployments;
import dev.jprefect.server.internal.models.FlowRunGraphs;
import dev.jprefect.server.internal.models.FlowRuns;
import dev.jprefect.server.internal.models.TaskRuns;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Obj;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The routes only Prefect's UI calls, for resources jprefect has: a flow run's graph
 * ({@code graph-v2}), the run history of the charts ({@code /flow_runs/history},
 * {@code /task_runs/history}), and the {@code /ui/...} routes (Prefect's {@code server/api/ui}): a task run
 * with its flow run's name, task run counts by state, by flow run and for the dashboard's chart,
 * the flow run history of the run charts, and per flow its deployment count and next scheduled run.
 */
final class UiRoutes {
    private UiRoutes() {
    }

    /** The body of a history route, with Prefect's refusal of intervals under a second. */
    private static Obj history(Call call) {
        Obj body = call.bodyObj(FlowRuns.HISTORY_BODY, true);
        if (body.number("history_interval_seconds") < 1) {
            throw ApiError.detail(422, "History interval must not be less than 1 second.");
        }
        return body;
    }

    static void register(Router router, FlowRuns flowRuns, TaskRuns taskRuns, Deployments deployments,
            FlowRunGraphs graphs, ServerSettings settings, Guard guard) {
        router.add("GET", "/flow_runs/{id:uuid}/graph-v2", guard.versioned(call -> {
                    UUID id = call.pathUuid("id");
                    Instant since = call.queryDateTime("since", Instant.MIN);
                    try {
                        return graphs.read(id, since, settings.graphMaxNodes, settings.graphMaxArtifacts)
                                .map(Responses::ok)
                                .orElseThrow(() -> ApiError.exceptionMessage(404, "Flow run " + id + " not found"));
                    } catch (FlowRunGraphs.TooLargeException e) {
                        throw ApiError.detail(400, e.getMessage());
                    }
                }))
                .add("POST", "/flow_runs/history", guard.versioned(call -> Responses.ok(flowRuns.history(history(call)))))
                .add("POST", "/task_runs/history", guard.versioned(call -> Responses.ok(taskRuns.history(history(call)))))
                .add("POST", "/ui/flow_runs/history", guard.versioned(call -> Responses.ok(
                        flowRuns.simpleHistory(call.bodyObj(FlowRuns.SIMPLE_HISTORY_BODY, false)))))
                .add("POST", "/ui/flows/count-deployments", guard.versioned(call -> Responses.ok(deployments.countByFlow(
                        call.bodyObj(Bodies.UI_COUNT_DEPLOYMENTS_BODY, true).list("flow_ids")))))
                .add("POST", "/ui/flows/next-runs", guard.versioned(call -> Responses.ok(flowRuns.nextScheduledByFlow(
                        call.bodyObj(Bodies.UI_NEXT_RUNS_BODY, true).list("flow_ids")))))
                .add("POST", "/ui/flow_runs/count-task-runs", guard.versioned(call -> {
                    List<UUID> ids = call.bodyObj(Bodies.UI_COUNT_TASK_RUNS_BODY, true).list("flow_run_ids");
                    return Responses.ok(taskRuns.countByFlowRun(ids));
                }))
                .add("POST", "/ui/task_runs/dashboard/counts", guard.versioned(call -> {
                    Obj body = call.bodyObj(TaskRuns.DASHBOARD_COUNTS_BODY, true);
                    Obj startTime = body.obj("task_runs").obj("start_time");
                    if (startTime == null || startTime.instant("after_") == null) {
                        throw ApiError.detail(422, "task_runs.start_time.after_ is required");
                    }
                    return Responses.ok(taskRuns.dashboardCounts(body));
                }))
                .add("POST", "/ui/task_runs/count", guard.versioned(call -> Responses.ok(
                        taskRuns.countByState(call.bodyObj(TaskRuns.COUNT_BODY, false)))))
                .add("GET", "/ui/task_runs/{id:uuid}", guard.versioned(call -> Answers.found(
                        taskRuns.readWithFlowRunName(call.pathUuid("id")), TaskRunRoutes.NOT_FOUND)));
    }
}
