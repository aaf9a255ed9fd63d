package dev.jprefect.client.schemas;

import java.util.Arrays;
import java.util.List;

/**
 * A criterion on a string field of a filter (names, state names, work queue names, flow versions,
 * idempotency keys): the wire parts {@code operator}, {@code any_}, {@code not_any_}, {@code like_}
 * and {@code is_null_}. Null parts are not sent; set only the parts the field's schema has (names
 * have {@code any_} and {@code like_}).
 *
 * @param operator how the parts combine, or null (the server's default, {@code and_})
 * @param any matches values in this list
 * @param notAny matches values not in this list
 * @param like matches values containing this text, case-insensitively (SQL {@code ILIKE %text%})
 * @param isNull matches when the field is (true) or is not (false) null
 */
public record StringFilter(
        Operator operator,
        List<String> any,
        List<String> notAny,
        String like,
        Boolean isNull) {

    /** Copies the lists. */
    public StringFilter {
        any = Copies.listOrNull(any);
        notAny = Copies.listOrNull(notAny);
    }

    /** Matches any of {@code values}. */
    public static StringFilter anyOf(String... values) {
        return new StringFilter(null, Arrays.asList(values), null, null, null);
    }

    /** Matches none of {@code values}. */
    public static StringFilter noneOf(String... values) {
        return new StringFilter(null, null, Arrays.asList(values), null, null);
    }

    /** Matches values that contain {@code text}, ignoring case. */
    public static StringFilter like(String text) {
        return new StringFilter(null, null, null, text, null);
    }
}
