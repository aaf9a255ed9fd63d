package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.http.Router;

/**
 * The check Prefect puts on every API router's routes (not on {@code /health} and
 * {@code /version}): a client that sends {@code X-Prefect-Api-Version} must send {@code x.y.z}
 * and at least {@link #MINIMUM_API_VERSION}, or gets a 400.
 */
final class Guard {
    /** The oldest client API version Prefect 3 servers accept. */
    static final String MINIMUM_API_VERSION = "0.8.0";
    private static final int[] MINIMUM = {0, 8, 0};

    /** Returns {@code handler} preceded by the version check. */
    Router.Handler versioned(Router.Handler handler) {
        return call -> {
            call.request().headers().first("X-Prefect-Api-Version").ifPresent(Guard::check);
            return handler.apply(call);
        };
    }

    private static void check(String version) {
        if (version.isEmpty()) {
            return;
        }
        String[] parts = version.split("\\.", -1);
        int[] v = new int[3];
        try {
            if (parts.length != 3) {
                throw new NumberFormatException();
            }
            for (int i = 0; i < 3; i++) {
                v[i] = Integer.parseInt(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            throw ApiError.detail(400, "Invalid X-PREFECT-API-VERSION header format.Expected header in format"
                    + " 'x.y.z' but received " + version);
        }
        for (int i = 0; i < 3; i++) {
            if (v[i] != MINIMUM[i]) {
                if (v[i] < MINIMUM[i]) {
                    throw ApiError.detail(400, "The request specified API version " + version
                            + " but this server requires version " + MINIMUM_API_VERSION + " or higher.");
                }
                return;
            }
        }
    }
}
