package dev.jprefect.client.schemas;

import com.squareup.moshi.Json;
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
        @Json(name = "any_") List<StateType> any,
        @Json(name = "not_any_") List<StateType> notAny) {

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
