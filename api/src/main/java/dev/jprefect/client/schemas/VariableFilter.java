package dev.jprefect.client.schemas;

/**
 * Which variables to match, Prefect's {@code VariableFilter}. Null criteria are not sent.
 *
 * @param operator how the criteria combine, or null ({@code and_})
 * @param id criterion on the id ({@code any_})
 * @param name criterion on the name ({@code any_}, {@code like_})
 * @param tags criterion on the tags ({@code all_}, {@code is_null_})
 */
public record VariableFilter(Operator operator, IdFilter id, StringFilter name, TagsFilter tags) {

    private static final VariableFilter ALL = new VariableFilter(null, null, null, null);

    /** Returns the filter that matches every variable. */
    public static VariableFilter all() {
        return ALL;
    }

    /** Returns a copy with another id criterion. */
    public VariableFilter withId(IdFilter value) {
        return new VariableFilter(operator, value, name, tags);
    }

    /** Returns a copy with another name criterion. */
    public VariableFilter withName(StringFilter value) {
        return new VariableFilter(operator, id, value, tags);
    }

    /** Returns a copy with another tags criterion. */
    public VariableFilter withTags(TagsFilter value) {
        return new VariableFilter(operator, id, name, value);
    }
}
