package dev.jprefect.transport;

/**
 * A server application: turns an {@link ApiRequest} into an {@link ApiResponse}. This is jprefect's
 * counterpart of an ASGI app, and what every transport carries requests to.
 *
 * <p>The embedded Prefect server is one; {@code transport-inmemory} calls a handler on the
 * caller's thread, {@code transport-netty} hosts one on a port. A handler is called from many
 * threads at once and must be thread-safe. It should answer every request, bad input included,
 * with a response; an exception it throws becomes a 500 whose body does not carry the stack trace.
 * A handler may also take streams (WebSockets): see {@link #streamHandler(ApiRequest)}.
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
     * Calls {@code app} as every transport and server must: if it throws or returns null, the
     * client gets a 500 with the JSON body {@code {"detail": "Internal Server Error"}} and the
     * exception goes to the log (logger {@code dev.jprefect.transport.RequestHandler}), never to
     * the client. Only a {@link VirtualMachineError} propagates.
     */
    static ApiResponse handleSafely(RequestHandler app, ApiRequest request) {
        try {
            ApiResponse response = app.handle(request);
            if (response != null) {
                return response;
            }
            HandlerFailures.LOG.log(System.Logger.Level.ERROR, () -> "request handler " + app
                    + " returned no response to " + request.method() + " " + request.uri());
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable e) {
            HandlerFailures.LOG.log(System.Logger.Level.ERROR, () -> "request handler " + app + " failed on "
                    + request.method() + " " + request.uri(), e);
        }
        return HandlerFailures.INTERNAL_ERROR;
    }

    /**
     * Returns the handler of streams opened to {@code request}'s path (a GET, with the request's
     * headers), or null if the path takes no streams, which every transport answers as a 404. The
     * default: no streams at all, so an application written before streams keeps compiling.
     */
    default StreamHandler streamHandler(ApiRequest request) {
        return null;
    }

    /**
     * Returns the startup and shutdown hooks of this application; by default none. Enter it with
     * {@link AppLifespans#enter(RequestHandler, java.time.Duration)}, which runs the hooks once
     * however many clients share the application.
     */
    default Lifespan lifespan() {
        return Lifespan.NONE;
    }
}
