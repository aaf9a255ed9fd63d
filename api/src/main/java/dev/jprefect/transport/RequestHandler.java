package dev.jprefect.transport;

/**
 * A server application: turns an {@link ApiRequest} into an {@link ApiResponse}. This is jprefect's
 * counterpart of an ASGI app, and what every transport carries requests to.
 *
 * <p>The embedded Prefect server is one; {@code transport-inmemory} calls a handler on the
 * caller's thread, {@code transport-netty} hosts one on a port. A handler is called from many
 * threads at once and must be thread-safe. It should answer every request, bad input included,
 * with a response; an exception it throws becomes a 500 whose body does not carry the stack trace.
 *
 * <pre>{@code
 * RequestHandler hello = request -> ApiResponse.json(200, "\"hello\"");
 * }</pre>
 */
@FunctionalInterface
public interface RequestHandler {

    /** Handles one request. Called concurrently; must not block forever. */
    ApiResponse handle(ApiRequest request);

    /**
     * Returns the startup and shutdown hooks of this application; by default none. Enter it with
     * {@link AppLifespans#enter(RequestHandler, java.time.Duration)}, which runs the hooks once
     * however many clients share the application.
     */
    default Lifespan lifespan() {
        return Lifespan.NONE;
    }
}
