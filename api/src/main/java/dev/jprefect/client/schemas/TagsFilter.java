package dev.jprefect.client.schemas;

import java.util.Arrays;
import java.util.List;

/**
 * A criterion on the tags of flows, runs or variables: the wire parts {@code operator},
 * {@code all_}, {@code any_} (flow runs only) and {@code is_null_}. Null parts are not sent.
 *
 * @param operator how the parts combine, or null (the server's default, {@code and_})
 * @param all matches objects that have every one of these tags
 * @param any matches objects that have at least one of these tags (flow run filters only)
 * @param isNull matches objects without tags (true) or with tags (false)
 */
public record TagsFilter(
        Operator operator,
        List<String> all,
        List<String> any,
        Boolean isNull) {

    /** Copies the lists. */
    public TagsFilter {
        all = Copies.listOrNull(all);
        any = Copies.listOrNull(any);
    }

    /** Matches objects carrying all of {@code tags}. */
    public static TagsFilter allOf(String... tags) {
        return new TagsFilter(null, Arrays.asList(tags), null, null);
    }

    /** Matches objects carrying any of {@code tags} (flow run filters only). */
    public static TagsFilter anyOf(String... tags) {
        return new TagsFilter(null, null, Arrays.asList(tags), null);
    }
}
