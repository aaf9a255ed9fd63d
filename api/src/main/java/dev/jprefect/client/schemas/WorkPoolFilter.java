package dev.jprefect.client.schemas;

/**
 * Which work pools to match, Prefect's {@code WorkPoolFilter}. Null criteria are not sent.
 *
 * @param operator how the criteria combine, or null ({@code and_})
 * @param id criterion on the id ({@code any_} only)
 * @param name criterion on the name ({@code any_} only)
 * @param type criterion on the type ({@code any_} only)
 */
public record WorkPoolFilter(Operator operator, IdFilter id, StringFilter name, StringFilter type) {

    /** Matches the pools named {@code names}. */
    public static WorkPoolFilter named(String... names) {
        return new WorkPoolFilter(null, null, StringFilter.anyOf(names), null);
    }

    /** Matches the pools whose type is one of {@code types}. */
    public static WorkPoolFilter ofType(String... types) {
        return new WorkPoolFilter(null, null, null, StringFilter.anyOf(types));
    }
}
