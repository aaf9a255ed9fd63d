package dev.jprefect.client.schemas;

/**
 * Which flows to match, Prefect's {@code FlowFilter} (the flow deployment criterion is not covered).
 * Null criteria are not sent.
 *
 * <pre>{@code
 * FlowFilter byName = FlowFilter.all().withName(StringFilter.anyOf("etl"));
 * }</pre>
 *
 * @param operator how the criteria combine, or null ({@code and_})
 * @param id criterion on the flow id ({@code any_}, {@code not_any_})
 * @param name criterion on the name ({@code any_}, {@code like_})
 * @param tags criterion on the tags ({@code all_}, {@code is_null_})
 */
public record FlowFilter(Operator operator, IdFilter id, StringFilter name, TagsFilter tags) {

    private static final FlowFilter ALL = new FlowFilter(null, null, null, null);

    /** Returns the filter that matches every flow. */
    public static FlowFilter all() {
        return ALL;
    }

    /** Returns a copy with another operator. */
    public FlowFilter withOperator(Operator value) {
        return new FlowFilter(value, id, name, tags);
    }

    /** Returns a copy with another id criterion. */
    public FlowFilter withId(IdFilter value) {
        return new FlowFilter(operator, value, name, tags);
    }

    /** Returns a copy with another name criterion. */
    public FlowFilter withName(StringFilter value) {
        return new FlowFilter(operator, id, value, tags);
    }

    /** Returns a copy with another tags criterion. */
    public FlowFilter withTags(TagsFilter value) {
        return new FlowFilter(operator, id, name, value);
    }
}
