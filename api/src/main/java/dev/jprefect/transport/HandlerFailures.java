package dev.jprefect.transport;

/** What {@link RequestHandler#handleSafely} answers and logs when a handler fails. */
final class HandlerFailures {

    static final System.Logger LOG = System.getLogger(RequestHandler.class.getName());

    /** The answer to a failed handler: the exception's message may carry secrets, so it stays in the log. */
    static final ApiResponse INTERNAL_ERROR = ApiResponse.detail(500, "Internal Server Error");

    private HandlerFailures() {
    }
}
