package dev.jprefect.transport;

/**
 * The server side of a stream endpoint, such as Prefect's {@code /events/out}: what a
 * {@link RequestHandler} returns from {@link RequestHandler#streamHandler(ApiRequest)} for a path
 * that takes streams.
 *
 * <p>The transport opens the stream (over the network, it completes the WebSocket upgrade) and
 * then calls {@link #opened(MessageChannel)} with the server's end.
 *
 * <pre>{@code
 * StreamHandler echo = channel -> channel.receive().thenAccept(channel::send);
 * }</pre>
 */
@FunctionalInterface
public interface StreamHandler {

    /**
     * Takes over the server's end of a new stream. Called once, on a transport thread (in process:
     * the client's own thread), so it must not block: it works with the channel's futures. An
     * exception it throws closes the stream with {@link CloseStatus#INTERNAL_ERROR}.
     */
    void opened(MessageChannel channel);

    /**
     * Returns the subprotocol this endpoint speaks, e.g. {@code "prefect"}, or null for none. It is
     * agreed on when the client offers it ({@code Sec-WebSocket-Protocol}); otherwise the stream
     * opens without a subprotocol.
     */
    default String subprotocol() {
        return null;
    }

    /**
     * Gives {@code channel} to {@code handler} as every transport must: if the handler throws, the
     * exception goes to the log and the stream is closed with {@link CloseStatus#INTERNAL_ERROR}.
     * Only a {@link VirtualMachineError} propagates.
     */
    static void openSafely(StreamHandler handler, MessageChannel channel) {
        try {
            handler.opened(channel);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable e) {
            HandlerFailures.LOG.log(System.Logger.Level.ERROR, () -> "stream handler " + handler + " failed", e);
            channel.close(CloseStatus.INTERNAL_ERROR, "Internal Server Error");
        }
    }
}
