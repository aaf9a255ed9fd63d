package dev.jprefect.harness.internal;

import dev.jprefect.client.schemas.JsonCodec;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Lifespan;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.StreamHandler;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notes which session created which flow runs and task runs: every request a session's clients
 * send carries the session's id in a header (set through {@code PREFECT_CLIENT_CUSTOM_HEADERS}), and
 * the successful {@code POST /api/flow_runs/} and {@code POST /api/task_runs/} answers name the runs.
 * For the embedded server it sits in front of the server (so it works the same in-process and over
 * HTTP, for every client that reaches the server); for the real Prefect server, whose requests it
 * cannot see, {@link AttributingTransportProvider} notes on the client side instead. Session ids
 * are random UUIDs, so one registry serves every harness in the JVM.
 */
final class RunAttribution implements RequestHandler {

    /** The header that carries a session's id; not one Prefect uses. */
    static final String HEADER = "X-Jprefect-Harness-Session";

    /** The runs of every open session of every harness, by session id. */
    private static final Map<String, Created> SESSIONS = new ConcurrentHashMap<>();

    private final RequestHandler server;

    /** Puts attribution in front of {@code server}. */
    RunAttribution(RequestHandler server) {
        this.server = server;
    }

    /** Starts noting the runs that requests tagged with {@code sessionId} create. */
    static void open(String sessionId) {
        SESSIONS.put(sessionId, new Created());
    }

    /** Stops noting runs for {@code sessionId} and forgets those noted. */
    static void forget(String sessionId) {
        SESSIONS.remove(sessionId);
    }

    /** Returns the ids of the flow runs the session created, in creation order. */
    static List<UUID> flowRuns(String sessionId) {
        Created created = SESSIONS.get(sessionId);
        return created == null ? List.of() : created.flowRuns();
    }

    /** Returns the ids of the task runs the session created, in creation order. */
    static List<UUID> taskRuns(String sessionId) {
        Created created = SESSIONS.get(sessionId);
        return created == null ? List.of() : created.taskRuns();
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        ApiResponse response = server.handle(request);
        note(request, response);
        return response;
    }

    /** The server's streams (its events), passed through: runs are created by requests only. */
    @Override
    public StreamHandler streamHandler(ApiRequest request) {
        return server.streamHandler(request);
    }

    /** Notes the run {@code response} created, if {@code request} created one for an open session. */
    static void note(ApiRequest request, ApiResponse response) {
        if (response != null && response.isSuccessful() && request.method().equals("POST")) {
            Optional<String> session = request.headers().first(HEADER);
            Created created = session.map(SESSIONS::get).orElse(null);
            if (created != null) {
                String path = request.path();
                if (isCollection(path, "flow_runs")) {
                    idOf(response).ifPresent(created::addFlowRun);
                } else if (isCollection(path, "task_runs")) {
                    idOf(response).ifPresent(created::addTaskRun);
                }
            }
        }
    }

    @Override
    public Lifespan lifespan() {
        return server.lifespan();
    }

    @Override
    public String toString() {
        return server.toString();
    }

    /** Returns true for {@code POST .../api/NAME/}, the route that creates a NAME. */
    private static boolean isCollection(String path, String name) {
        return path.endsWith("/api/" + name + "/") || path.endsWith("/api/" + name);
    }

    private static Optional<UUID> idOf(ApiResponse response) {
        try {
            Object body = JsonCodec.standard().fromJson(response.bodyAsString(), Object.class);
            if (body instanceof Map) {
                Object id = ((Map<?, ?>) body).get("id");
                if (id instanceof String) {
                    return Optional.of(UUID.fromString((String) id));
                }
            }
        } catch (RuntimeException e) {
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
