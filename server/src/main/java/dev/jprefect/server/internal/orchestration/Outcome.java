package dev.jprefect.server.internal.orchestration;

import dev.jprefect.server.internal.storage.StateRow;

/**
 * The result of one orchestrated transition, the content of Prefect's {@code OrchestrationResult}.
 *
 * @param status accept, reject, abort or wait
 * @param state the run's state afterwards (the new one if one was written), or null if it has none
 * @param reason why, for anything but accept; may be null
 * @param delaySeconds how long to wait, for {@link SetStateStatus#WAIT}; else null
 * @param written whether a new state was written (Prefect answers 201 then, else 200)
 */
public record Outcome(SetStateStatus status, StateRow state, String reason, Long delaySeconds, boolean written) {
}
