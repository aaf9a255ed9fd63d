package dev.jprefect.server.internal.orchestration;

/** The answer orchestration gives a proposed state, as Prefect's {@code SetStateStatus}. */
public enum SetStateStatus {
    /** The proposed state was written. */
    ACCEPT,
    /** Another state was written instead (or none: the run keeps its state); see the reason. */
    REJECT,
    /** Nothing was written and the run should not proceed. */
    ABORT,
    /** Nothing was written; propose again after the delay. */
    WAIT
}
