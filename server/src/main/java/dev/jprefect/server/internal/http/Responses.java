package dev.jprefect.server.internal.http;

import dev.jprefect.server.internal.json.Json;
import dev.jprefect.transport.ApiResponse;

/** Builds responses: JSON bodies written from trees, and bodiless 204s. */
public final class Responses {
    private Responses() {
    }

    /** Returns {@code tree} as a JSON response with {@code status}. */
    public static ApiResponse json(int status, Object tree) {
        return ApiResponse.json(status, Json.write(tree));
    }

    /** Returns a 200 JSON response. */
    public static ApiResponse ok(Object tree) {
        return json(200, tree);
    }

    /** Returns a 204 with no body, as FastAPI answers routes declared {@code status_code=204}. */
    public static ApiResponse noContent() {
        return ApiResponse.builder(204).build();
    }
}
