package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.models.Transitioned;
import dev.jprefect.server.internal.models.Written;
import dev.jprefect.transport.ApiResponse;
import java.util.Optional;
import java.util.UUID;

/** The answers routes give to model operations' results, as Prefect's routes shape them. */
final class Answers {
    private Answers() {
    }

    /** 201 with the view if the create made the object, 200 if it was already there. */
    static ApiResponse written(Written written) {
        return Responses.json(written.created() ? 201 : 200, written.view());
    }

    /** 204 if the operation found its object, else 404 with {@code notFound}. */
    static ApiResponse noContent(boolean found, String notFound) {
        if (!found) {
            throw ApiError.notFound(notFound);
        }
        return Responses.noContent();
    }

    /** 200 with the view, or 404 with {@code notFound} if there is none. */
    static ApiResponse found(Optional<?> view, String notFound) {
        return Responses.ok(view.orElseThrow(() -> ApiError.notFound(notFound)));
    }

    /**
     * The {@code OrchestrationResult}: 201 if a state was written, else 200. If there is no such
     * run, 404 {@code {"exception_message": "<kind> with id <id> not found"}}: Prefect's model raises
     * {@code ObjectNotFoundError} with that text and its exception handler renders it so.
     *
     * @param kind {@code "Flow run"} or {@code "Task run"}
     */
    static ApiResponse transitioned(Optional<Transitioned> result, String kind, UUID id) {
        Transitioned t = result.orElseThrow(() -> ApiError.exceptionMessage(404, kind + " with id " + id + " not found"));
        return Responses.json(t.written() ? 201 : 200, t.view());
    }
}
