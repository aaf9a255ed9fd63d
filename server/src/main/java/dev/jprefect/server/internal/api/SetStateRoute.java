package dev.jprefect.server.internal.api;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.orchestration.Outcome;
import dev.jprefect.server.internal.orchestration.States;
import dev.jprefect.server.internal.schema.Models;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.Tables;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code set_state} route of flow runs and task runs: a {@code StateCreate} and {@code force}
 * in, the {@code OrchestrationResult} out, 201 if a new state was written, else 200.
 */
final class SetStateRoute {

    /** Proposes a state for the run {@code id}; empty if there is no such run. */
    @FunctionalInterface
    interface Orchestration {
        Optional<Outcome> propose(Tables tx, UUID id, StateRow proposed, boolean force);
    }

    /** The status and the {@code OrchestrationResult} view of one proposal. */
    private record Answer(int status, Map<String, Object> view) {
    }

    private SetStateRoute() {
    }

    /** Returns the handler; {@code notFound} is Prefect's wording when the run does not exist. */
    static Router.Handler handler(Backend backend, Orchestration orchestration, String notFound) {
        return call -> {
            UUID id = call.pathUuid("id");
            Obj body = call.bodyObj(Models.SET_STATE_BODY, true);
            // The view is a snapshot taken under the write lock; every state change of every run
            // comes through here, so it is written as JSON after the lock is released.
            Answer answer = backend.storage.write(tx -> {
                StateRow proposed = States.fromCreate(body.obj("state"), backend.now());
                Outcome outcome = orchestration.propose(tx, id, proposed, body.isTrue("force"))
                        .orElseThrow(() -> ApiError.notFound(notFound));
                return new Answer(outcome.written() ? 201 : 200, Views.orchestrationResult(outcome));
            });
            return Responses.json(answer.status, answer.view);
        };
    }
}
