package dev.jprefect.server.internal.orchestration;

/**
 * One orchestration rule, after Prefect's {@code BaseOrchestrationRule}: it governs transitions
 * from a state type in {@link #from()} to one in {@link #to()}. Its {@link #before} hook may
 * reject, delay, abort or rename the proposed state; if the transition it was entered with still
 * holds after the state is written, {@link #after} runs, otherwise (another rule changed it) the
 * rule "fizzles" and {@link #cleanup} reverts what {@code before} did.
 *
 * <p>A fresh instance governs each transition, so a rule may keep fields between its hooks.
 */
abstract class Rule {
    private final TypeSet from;
    private final TypeSet to;

    Rule(TypeSet from, TypeSet to) {
        this.from = from;
        this.to = to;
    }

    final TypeSet from() {
        return from;
    }

    final TypeSet to() {
        return to;
    }

    /** Runs before the proposed state is written. */
    void before(Transition t) {
    }

    /** Runs after the state is written, if the transition this rule was entered with still holds. */
    void after(Transition t) {
    }

    /** Runs after the state is written, if another rule changed the transition this rule was entered with. */
    void cleanup(Transition t) {
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
