package dev.jprefect.harness.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Lifespan;
import dev.jprefect.transport.RequestHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sits in front of the harness's server and notes which session created which flow runs and task
 * runs: every request a session's clients send carries the session's id in a header (set through
 * {@code PREFECT_CLIENT_CUSTOM_HEADERS}), so attribution works the same in-process and over HTTP,
 * for the session's own client and for any client the code under test builds from the settings.
 */
final class RunAttribution implements RequestHandler {

    /** The header that carries a session's id; not one Prefect uses. */
    static final String HEADER = "X-Jprefect-Harness-Session";

    private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

    private final RequestHandler server;
    private final Map<String, Created> sessions = new ConcurrentHashMap<>();

    RunAttribution(RequestHandler server) {
        this.server = server;
    }

    /** Starts noting the runs that requests tagged with {@code sessionId} create. */
    void open(String sessionId) {
        sessions.put(sessionId, new Created());
    }

    /** Stops noting runs for {@code sessionId} and forgets those noted. */
    void forget(String sessionId) {
        sessions.remove(sessionId);
    }

    /** Returns the ids of the flow runs the session created, in creation order. */
    List<UUID> flowRuns(String sessionId) {
        Created created = sessions.get(sessionId);
        return created == null ? List.of() : created.flowRuns();
    }

    /** Returns the ids of the task runs the session created, in creation order. */
    List<UUID> taskRuns(String sessionId) {
        Created created = sessions.get(sessionId);
        return created == null ? List.of() : created.taskRuns();
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        ApiResponse response = server.handle(request);
        if (response != null && response.isSuccessful() && request.method().equals("POST")) {
            Optional<String> session = request.headers().first(HEADER);
            Created created = session.map(sessions::get).orElse(null);
            if (created != null) {
                String path = request.path();
                if (isCollection(path, "flow_runs")) {
                    idOf(response).ifPresent(created::addFlowRun);
                } else if (isCollection(path, "task_runs")) {
                    idOf(response).ifPresent(created::addTaskRun);
                }
            }
        }
        return response;
    }

    @Override
    public Lifespan lifespan() {
        return server.lifespan();
    }

    @Override
    public String toString() {
        return server.toString();
    }

    /** Returns true for {@code POST /api/NAME/}, the route that creates a NAME. */
    private static boolean isCollection(String path, String name) {
        return path.equals("/api/" + name + "/") || path.equals("/api/" + name);
    }

    private static Optional<UUID> idOf(ApiResponse response) {
        try {
            Object body = JSON.fromJson(response.bodyAsString());
            if (body instanceof Map) {
                Object id = ((Map<?, ?>) body).get("id");
                if (id instanceof String) {
                    return Optional.of(UUID.fromString((String) id));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not a run: nothing to note
        }
        return Optional.empty();
    }

    /** The runs one session created. */
    private static final class Created {
        private final Set<UUID> flowRuns = new LinkedHashSet<>();
        private final Set<UUID> taskRuns = new LinkedHashSet<>();

        synchronized void addFlowRun(UUID id) {
            flowRuns.add(id);
        }

        synchronized void addTaskRun(UUID id) {
            taskRuns.add(id);
        }

        synchronized List<UUID> flowRuns() {
            return new ArrayList<>(flowRuns);
        }

        synchronized List<UUID> taskRuns() {
            return new ArrayList<>(taskRuns);
        }
    }
}
