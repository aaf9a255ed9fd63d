package dev.jprefect.transport;

import java.io.IOException;
import java.util.Objects;

/**
 * A {@link MessageChannel} has ended: a receive after the last queued message, or a send after the
 * close, fails with this. {@link #status()} says who closed it and why.
 */
public final class StreamClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient CloseStatus status;

    /** Creates the failure for a channel that ended with {@code status}. */
    public StreamClosedException(CloseStatus status) {
        super("stream closed: " + status.code() + (status.reason().isEmpty() ? "" : " " + status.reason()));
        this.status = Objects.requireNonNull(status, "status");
    }

    /** Returns the code and reason the channel ended with. */
    public CloseStatus status() {
        return status;
    }
}
