package dev.jprefect.server.internal.orchestration;

import dev.jprefect.server.internal.storage.StateType;
import java.util.EnumSet;
import java.util.Set;

/**
 * A set of state types that may also hold "no state" (a run's initial state before its first), as
 * the FROM and TO sets of Prefect's orchestration rules do.
 */
record TypeSet(Set<StateType> types, boolean none) {

    /** Every type and "no state", as Prefect's {@code ALL_ORCHESTRATION_STATES}. */
    static final TypeSet ALL = new TypeSet(EnumSet.allOf(StateType.class), true);

    /** The final types, as Prefect's {@code TERMINAL_STATES}. */
    static final TypeSet TERMINAL = of(StateType.COMPLETED, StateType.FAILED, StateType.CANCELLED, StateType.CRASHED);

    static TypeSet of(StateType first, StateType... rest) {
        return new TypeSet(EnumSet.of(first, rest), false);
    }

    /** Returns every type and "no state" except {@code excluded}. */
    static TypeSet allBut(StateType excluded) {
        EnumSet<StateType> types = EnumSet.allOf(StateType.class);
        types.remove(excluded);
        return new TypeSet(types, true);
    }

    boolean contains(StateType type) {
        return type == null ? none : types.contains(type);
    }
}
