package dev.jprefect.client.schemas;

/**
 * The server's answer to a proposed state, Prefect's {@code OrchestrationResult}.
 *
 * @param state the run's state after orchestration (the proposed one if accepted), or null
 * @param status the verdict
 * @param details why: accept, reject or abort details with a reason, or wait details with a delay
 */
public record OrchestrationResult(State state, SetStateStatus status, OrchestrationDetails details) {
}
