package dev.jprefect.client.schemas;

/** The server's verdict on a proposed state, as Prefect's {@code SetStateStatus}. */
public enum SetStateStatus {
    /** The proposed state was accepted (possibly modified: read the result's state). */
    ACCEPT,
    /** The proposed state was rejected; the run stays in (or moves to) the result's state. */
    REJECT,
    /** The transition is invalid and should not be retried; the client should stop the run. */
    ABORT,
    /** The client should wait {@code delay_seconds} and propose the state again. */
    WAIT
}
