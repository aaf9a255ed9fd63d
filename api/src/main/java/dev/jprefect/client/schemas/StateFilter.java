package dev.jprefect.client.schemas;

/**
 * A criterion on the current state of runs ({@code FlowRunFilterState}, {@code TaskRunFilterState}):
 * the wire parts {@code operator}, {@code type} and {@code name}. Null parts are not sent.
 *
 * @param operator how the parts combine, or null (the server's default, {@code and_})
 * @param type the state type criterion, or null
 * @param name the state name criterion ({@code any_}, and {@code not_any_} for flow runs), or null
 */
public record StateFilter(Operator operator, StateTypeFilter type, StringFilter name) {

    /** Matches runs whose state type is one of {@code types}. */
    public static StateFilter typeIn(StateType... types) {
        return new StateFilter(null, StateTypeFilter.anyOf(types), null);
    }

    /** Matches runs whose state name is one of {@code names}. */
    public static StateFilter nameIn(String... names) {
        return new StateFilter(null, null, StringFilter.anyOf(names));
    }
}
