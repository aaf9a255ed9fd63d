package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.models.Deployments;
import dev.jprefect.server.internal.models.Names;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.transport.ApiResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /deployments}: create (upsert by flow and name), update, read by name and by id, filter,
 * paginate, the scheduled runs a runner polls for, count, delete, resume and pause, flow runs made
 * from a deployment, and its schedules. In Prefect's order of registration.
 */
final class DeploymentRoutes {
    static final String NOT_FOUND = "Deployment not found";
    /** The schedule routes word it with a full stop. */
    static final String NOT_FOUND_STOP = "Deployment not found.";
    static final String SCHEDULE_NOT_FOUND = "Schedule not found.";

    private DeploymentRoutes() {
    }

    static void register(Router router, Deployments deployments, ServerSettings settings, Guard guard, Names names) {
        Schema runCreate = Deployments.flowRunCreate(names);
        Schema scheduleList = Schema.list(Deployments.SCHEDULE_CREATE);
        router.add("POST", "/deployments/", guard.versioned(call -> Answers.written(
                        deployments.create(call.bodyObj(Deployments.CREATE_BODY, true)))))
                .add("PATCH", "/deployments/{id:uuid}", guard.versioned(call -> Answers.noContent(
                        deployments.update(call.pathUuid("id"), call.bodyObj(Deployments.UPDATE_BODY, true)), NOT_FOUND_STOP)))
                .add("GET", "/deployments/name/{flow_name}/{deployment_name}", guard.versioned(call -> Answers.found(
                        deployments.readByName(call.path("flow_name"), call.path("deployment_name")), NOT_FOUND)))
                .add("GET", "/deployments/{id:uuid}", guard.versioned(call -> Answers.found(
                        deployments.read(call.pathUuid("id")), NOT_FOUND)))
                .add("POST", "/deployments/filter", guard.versioned(call -> {
                    Obj body = call.bodyObj(Deployments.FILTER_BODY, false);
                    return Responses.ok(deployments.filter(body, settings.limit(body)));
                }))
                .add("POST", "/deployments/paginate", guard.versioned(call -> {
                    Obj body = call.bodyObj(Deployments.PAGINATE_BODY, false);
                    return Responses.ok(deployments.paginate(body, settings.limit(body)));
                }))
                .add("POST", "/deployments/get_scheduled_flow_runs", guard.versioned(call -> {
                    Obj body = call.bodyObj(Deployments.SCHEDULED_RUNS_BODY, true);
                    return Responses.ok(deployments.scheduledRuns(body.list("deployment_ids"),
                            body.instant("scheduled_before"), settings.limit(body)));
                }))
                .add("POST", "/deployments/count", guard.versioned(call -> Responses.ok(
                        deployments.count(call.bodyObj(Deployments.COUNT_BODY, false)))))
                .add("DELETE", "/deployments/{id:uuid}", guard.versioned(call -> Answers.noContent(
                        deployments.delete(call.pathUuid("id")), NOT_FOUND)))
                .add("POST", "/deployments/{id:uuid}/resume_deployment", guard.versioned(call -> paused(
                        deployments.setPaused(call.pathUuid("id"), false))))
                .add("POST", "/deployments/{id:uuid}/pause_deployment", guard.versioned(call -> paused(
                        deployments.setPaused(call.pathUuid("id"), true))))
                .add("POST", "/deployments/{id:uuid}/create_flow_run", guard.versioned(call -> {
                    UUID id = call.pathUuid("id");
                    Obj body = call.bodyObj(runCreate, true);
                    return Answers.written(deployments.createFlowRun(id, body)
                            .orElseThrow(() -> ApiError.notFound(NOT_FOUND)));
                }))
                .add("GET", "/deployments/{id:uuid}/schedules", guard.versioned(call -> Answers.found(
                        deployments.schedules(call.pathUuid("id")), NOT_FOUND_STOP)))
                .add("POST", "/deployments/{id:uuid}/schedules", guard.versioned(call -> {
                    UUID id = call.pathUuid("id");
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> schedules = (List<Map<String, Object>>) call.body(scheduleList, true);
                    return Responses.json(201, deployments.addSchedules(id, schedules)
                            .orElseThrow(() -> ApiError.notFound(NOT_FOUND_STOP)));
                }))
                .add("PATCH", "/deployments/{id:uuid}/schedules/{schedule_id:uuid}", guard.versioned(call -> found(
                        deployments.updateSchedule(call.pathUuid("id"), call.pathUuid("schedule_id"),
                                call.bodyObj(Deployments.SCHEDULE_UPDATE, true)))))
                .add("DELETE", "/deployments/{id:uuid}/schedules/{schedule_id:uuid}", guard.versioned(call -> found(
                        deployments.deleteSchedule(call.pathUuid("id"), call.pathUuid("schedule_id")))));
    }

    /** Prefect's pause and resume answer 200 with no value. */
    private static ApiResponse paused(boolean found) {
        if (!found) {
            throw ApiError.notFound(NOT_FOUND);
        }
        return Responses.ok(null);
    }

    private static ApiResponse found(Deployments.Found found) {
        switch (found) {
            case DEPLOYMENT_MISSING: throw ApiError.notFound(NOT_FOUND_STOP);
            case SCHEDULE_MISSING: throw ApiError.notFound(SCHEDULE_NOT_FOUND);
            default: return Responses.noContent();
        }
    }
}
