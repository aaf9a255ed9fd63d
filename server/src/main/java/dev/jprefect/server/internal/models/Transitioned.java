package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.orchestration.Outcome;
import java.util.Map;

/**
 * The answer to a state proposal: whether a new state was written (Prefect answers 201, else 200)
 * and the {@code OrchestrationResult} view, a snapshot safe to write after the transaction.
 *
 * @param written whether a state was written
 * @param view the {@code OrchestrationResult}
 */
public record Transitioned(boolean written, Map<String, Object> view) {
    static Transitioned of(Outcome outcome) {
        return new Transitioned(outcome.written(), Views.orchestrationResult(outcome));
    }
}
