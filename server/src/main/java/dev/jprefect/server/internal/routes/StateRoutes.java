package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.models.RunStates;

/** {@code /flow_run_states} and {@code /task_run_states}: one state by id, or a run's states in time order. */
final class StateRoutes {
    private StateRoutes() {
    }

    static void register(Router router, RunStates flowRunStates, RunStates taskRunStates, Guard guard) {
        add(router, guard, "/flow_run_states/", flowRunStates, "Flow run state not found", "flow_run_id");
        add(router, guard, "/task_run_states/", taskRunStates, "Task run state not found", "task_run_id");
    }

    private static void add(Router router, Guard guard, String prefix, RunStates states, String notFound, String runParameter) {
        router.add("GET", prefix + "{id:uuid}", guard.versioned(call -> Answers.found(states.read(call.pathUuid("id")), notFound)))
                .add("GET", prefix, guard.versioned(call -> Responses.ok(states.readForRun(call.requiredQueryUuid(runParameter)))));
    }
}
