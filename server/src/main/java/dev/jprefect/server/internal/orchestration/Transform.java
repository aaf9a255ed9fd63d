package dev.jprefect.server.internal.orchestration;

/**
 * Bookkeeping that runs on every transition that writes a state, whatever the rules decided, after
 * Prefect's {@code BaseUniversalTransform} (start and end times, run counts, state details).
 * Transforms are stateless; {@link Orchestrator} skips them when no state is written.
 */
interface Transform {

    /** Runs before the proposed state is written. */
    default void before(Transition t) {
    }

    /** Runs after the proposed state is written. */
    default void after(Transition t) {
    }
}
