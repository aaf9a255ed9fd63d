package dev.jprefect.client.schemas;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A criterion on an id field of a filter ({@code FlowFilterId}, {@code FlowRunFilterId},
 * {@code FlowRunFilterParentTaskRunId}, {@code LogFilterFlowRunId}, ...): the wire parts
 * {@code operator}, {@code any_}, {@code not_any_} and {@code is_null_}. Null parts are not sent;
 * set only the parts the field's schema has (every id field has {@code any_}).
 *
 * @param operator how the parts combine, or null (the server's default, {@code and_})
 * @param any matches ids in this list
 * @param notAny matches ids not in this list
 * @param isNull matches when the field is (true) or is not (false) null
 */
public record IdFilter(
        Operator operator,
        List<UUID> any,
        List<UUID> notAny,
        Boolean isNull) {

    /** Copies the lists. */
    public IdFilter {
        any = Copies.listOrNull(any);
        notAny = Copies.listOrNull(notAny);
    }

    /** Matches any of {@code ids}. */
    public static IdFilter anyOf(UUID... ids) {
        return new IdFilter(null, Arrays.asList(ids), null, null);
    }

    /** Matches any of {@code ids}. */
    public static IdFilter anyOf(List<UUID> ids) {
        return new IdFilter(null, ids, null, null);
    }

    /** Matches none of {@code ids}. */
    public static IdFilter noneOf(UUID... ids) {
        return new IdFilter(null, null, Arrays.asList(ids), null);
    }

    /** Matches when the field is null ({@code true}) or set ({@code false}). */
    public static IdFilter isNull(boolean isNull) {
        return new IdFilter(null, null, null, isNull);
    }
}
