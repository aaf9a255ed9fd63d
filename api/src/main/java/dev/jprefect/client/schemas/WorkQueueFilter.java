package dev.jprefect.client.schemas;

/**
 * Which work queues to match, Prefect's {@code WorkQueueFilter}. Null criteria are not sent.
 *
 * @param operator how the criteria combine, or null ({@code and_})
 * @param id criterion on the id ({@code any_} only)
 * @param name criterion on the name ({@code any_} only)
 */
public record WorkQueueFilter(Operator operator, IdFilter id, StringFilter name) {

    /** Matches the queues named {@code names}. */
    public static WorkQueueFilter named(String... names) {
        return new WorkQueueFilter(null, null, StringFilter.anyOf(names));
    }
}
