package dev.jprefect.client.schemas;

import java.util.Arrays;
import java.util.List;

/**
 * A criterion on the state type of runs: the wire parts {@code any_} and {@code not_any_} (flow runs
 * only). Null parts are not sent.
 *
 * @param any matches runs whose state type is one of these
 * @param notAny matches runs whose state type is none of these (flow run filters only)
 */
public record StateTypeFilter(
        List<StateType> any,
        List<StateType> notAny) {

    /** Copies the lists. */
    public StateTypeFilter {
        any = Copies.listOrNull(any);
        notAny = Copies.listOrNull(notAny);
    }

    /** Matches runs in any of {@code types}. */
    public static StateTypeFilter anyOf(StateType... types) {
        return new StateTypeFilter(Arrays.asList(types), null);
    }
}
