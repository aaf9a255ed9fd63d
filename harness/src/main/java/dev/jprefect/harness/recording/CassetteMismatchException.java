package dev.jprefect.harness.recording;

/**
 * A replaying transport was sent a request that its cassette does not hold (or holds fewer
 * times than it was sent). The message names the request, the cassette file, and what the
 * cassette still holds.
 *
 * <p>It is not an {@link java.io.IOException}: a client does not retry it, since sending the same
 * request again cannot match either.
 */
public final class CassetteMismatchException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with its full message. */
    public CassetteMismatchException(String message) {
        super(message);
    }
}
