package dev.jprefect.server.internal.api;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.http.Call;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.Table;
import dev.jprefect.server.internal.storage.Tables;
import dev.jprefect.transport.ApiResponse;
import java.util.Comparator;
import java.util.UUID;
import java.util.function.Function;

/** {@code /flow_run_states} and {@code /task_run_states}: one state by id, or a run's states in time order. */
final class StateRoutes {
    private final Backend backend;
    private final Function<Tables, Table<StateRow>> table;
    private final String notFound;
    private final String runParameter;

    private StateRoutes(Backend backend, Function<Tables, Table<StateRow>> table, String notFound, String runParameter) {
        this.backend = backend;
        this.table = table;
        this.notFound = notFound;
        this.runParameter = runParameter;
    }

    static void register(Router router, Backend backend, Guard guard) {
        StateRoutes flows = new StateRoutes(backend, Tables::flowRunStates, "Flow run state not found", "flow_run_id");
        router.add("GET", "/flow_run_states/{id}", guard.versioned(flows::read))
                .add("GET", "/flow_run_states/", guard.versioned(flows::readForRun));
        StateRoutes tasks = new StateRoutes(backend, Tables::taskRunStates, "Task run state not found", "task_run_id");
        router.add("GET", "/task_run_states/{id}", guard.versioned(tasks::read))
                .add("GET", "/task_run_states/", guard.versioned(tasks::readForRun));
    }

    private ApiResponse read(Call call) {
        UUID id = call.pathUuid("id");
        return backend.storage.read(tx -> Responses.ok(Views.state(
                table.apply(tx).get(id).orElseThrow(() -> ApiError.notFound(notFound)))));
    }

    private ApiResponse readForRun(Call call) {
        UUID runId = call.requiredQueryUuid(runParameter);
        return backend.storage.read(tx -> Responses.ok(Views.list(
                table.apply(tx).findAll(StateRow.BY_RUN, runId).stream()
                        .sorted(Comparator.comparing((StateRow s) -> s.timestamp)).toList(),
                Views::state)));
    }
}
