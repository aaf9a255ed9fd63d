package dev.jprefect.cli.internal;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Lifespan;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.StreamHandler;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code server start --log-requests}: the server's handler with one line per request on the
 * command's output, as uvicorn's access log prints for Prefect's server:
 * {@code 14:03:07.123 | GET /api/health?x=1 -> 200 (0.4 ms)}; a stream (WebSocket) request prints
 * {@code -> stream} when it is accepted. Streams and the lifespan are the server's own.
 */
final class RequestLog implements RequestHandler {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final RequestHandler app;
    private final PrintStream out;

    RequestLog(RequestHandler app, PrintStream out) {
        this.app = app;
        this.out = out;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        long start = System.nanoTime();
        ApiResponse response = RequestHandler.handleSafely(app, request);
        print(request, response.status() + String.format(" (%.1f ms)", (System.nanoTime() - start) / 1e6));
        return response;
    }

    @Override
    public StreamHandler streamHandler(ApiRequest request) {
        StreamHandler stream = app.streamHandler(request);
        if (stream != null) {
            print(request, "stream");
        }
        return stream;
    }

    @Override
    public Lifespan lifespan() {
        return app.lifespan();
    }

    private void print(ApiRequest request, String outcome) {
        String query = request.uri().getRawQuery();
        out.println(TIME.format(LocalTime.now()) + " | " + request.method() + " " + request.uri().getRawPath()
                + (query == null ? "" : "?" + query) + " -> " + outcome);
    }
}
