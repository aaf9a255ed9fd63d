package dev.jprefect.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every request and response the server tests make through {@link TestClient}, kept for the
 * conformance test, which checks each response body against the OpenAPI schema.
 */
final class Exchanges {
    /** One exchange: the method, the path (below {@code /api}), the status and the body text. */
    record Exchange(String method, String path, int status, String body) {
    }

    private static final List<Exchange> ALL = new CopyOnWriteArrayList<>();

    private Exchanges() {
    }

    static void record(Exchange exchange) {
        ALL.add(exchange);
    }

    static List<Exchange> all() {
        return List.copyOf(ALL);
    }
}
