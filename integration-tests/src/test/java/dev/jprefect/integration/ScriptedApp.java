package dev.jprefect.integration;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.RequestHandler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * A server app that injects faults: each request first takes the next scripted answer, if any,
 * then goes to the backend. It records every request as it arrived (headers included).
 */
final class ScriptedApp implements RequestHandler {
    private final Deque<Function<ApiRequest, ApiResponse>> script = new ArrayDeque<>();
    private final List<ApiRequest> received = new ArrayList<>();
    private final RequestHandler backend;

    ScriptedApp(RequestHandler backend) {
        this.backend = backend;
    }

    /** A backend that says it is healthy and echoes nothing else. */
    static ScriptedApp healthy() {
        return new ScriptedApp(request -> request.path().endsWith("/health")
                ? ApiResponse.json(200, "true")
                : ApiResponse.json(404, "{\"detail\":\"Not Found\"}"));
    }

    synchronized ScriptedApp then(Function<ApiRequest, ApiResponse> step) {
        script.add(step);
        return this;
    }

    ScriptedApp thenRespond(ApiResponse response) {
        return then(request -> response);
    }

    ScriptedApp thenRespond(int status, String json) {
        return thenRespond(ApiResponse.json(status, json));
    }

    synchronized List<ApiRequest> received() {
        return List.copyOf(received);
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        Function<ApiRequest, ApiResponse> step;
        synchronized (this) {
            received.add(request);
            step = script.poll();
        }
        return step != null ? step.apply(request) : backend.handle(request);
    }
}
