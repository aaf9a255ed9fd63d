package dev.jprefect.server.internal.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A condition on the rows of one table, as data: what a filter asks, in a form a store can
 * translate (to an index lookup, or to a SQL {@code WHERE}) rather than a Java predicate it could
 * only run row by row. SQL's rules hold: a comparison with a missing (null) value is false.
 *
 * <p>Build conditions with the static factories; {@link #and} and {@link #or} drop
 * {@link #always()} where it changes nothing.
 *
 * @param <R> the row type
 */
public sealed interface Condition<R> {

    /** Every row. */
    record Always<R>() implements Condition<R> {
    }

    /** No row. */
    record Never<R>() implements Condition<R> {
    }

    /** Rows meeting every one of {@code all}. */
    record And<R>(List<Condition<R>> all) implements Condition<R> {
    }

    /** Rows meeting at least one of {@code any}. */
    record Or<R>(List<Condition<R>> any) implements Condition<R> {
    }

    /**
     * Rows not meeting {@code condition}, in two-valued logic: a row whose value makes the condition
     * unknown in SQL (a null) does not meet it, so it meets the negation ({@code NOT COALESCE(c, FALSE)}).
     */
    record Not<R>(Condition<R> condition) implements Condition<R> {
    }

    /** {@code column IN (values)}: the value is non-null and one of {@code values}. */
    record In<R>(Column<R, ?> column, List<?> values) implements Condition<R> {
    }

    /** {@code column NOT IN (values)}: the value is non-null and none of {@code values}. */
    record NotIn<R>(Column<R, ?> column, List<?> values) implements Condition<R> {
    }

    /** {@code column IS NULL} (or {@code IS NOT NULL} when {@code isNull} is false). */
    record IsNull<R>(Column<R, ?> column, boolean isNull) implements Condition<R> {
    }

    /** {@code column ILIKE '%text%'}: the text value contains {@code text}, ignoring case. */
    record Contains<R>(Column<R, String> column, String text) implements Condition<R> {
    }

    /**
     * {@code column LIKE pattern ESCAPE '\\'}, case-sensitive (PostgreSQL's {@code LIKE}): the text
     * value is non-null and matches {@code pattern}, in which {@code %} is any run of characters,
     * {@code _} any one character and {@code \\} makes the next character literal. Prefect's event
     * filters use it for name prefixes and label globs; {@link #startsWith} writes the prefix form.
     */
    record Like<R>(Column<R, String> column, String pattern) implements Condition<R> {
    }

    /** {@code column ILIKE 'text%'}: the text value starts with {@code text}, ignoring case. */
    record StartsWithIgnoringCase<R>(Column<R, String> column, String text) implements Condition<R> {
    }

    /** The value is non-null and within the bounds, both inclusive, either null for none. */
    record Between<R, V extends Comparable<? super V>>(Column<R, V> column, V lower, V upper)
            implements Condition<R> {
    }

    /** A list column holds every one of {@code values} ({@code tags @> values}). */
    record HasAll<R>(Column<R, ? extends List<?>> column, List<?> values) implements Condition<R> {
    }

    /** A list column holds at least one of {@code values} ({@code tags && values}). */
    record HasAny<R>(Column<R, ? extends List<?>> column, List<?> values) implements Condition<R> {
    }

    /** A list column is empty ({@code tags = '[]'}), or not when {@code empty} is false. */
    record IsEmpty<R>(Column<R, ? extends List<?>> column, boolean empty) implements Condition<R> {
    }

    /**
     * Rows for which a row of {@code other} exists whose {@code otherColumn} equals this row's
     * {@code column} and that meets {@code where}: SQL's {@code EXISTS (SELECT 1 FROM other WHERE
     * other.otherColumn = row.column AND where)}, the join of Prefect's cross-resource filters.
     */
    record Exists<R, S>(Column<R, ?> column, TableSpec<S> other,
            Column<S, ?> otherColumn, Condition<S> where) implements Condition<R> {
    }

    // ---- factories --------------------------------------------------------------------------

    static <R> Condition<R> always() {
        return new Always<>();
    }

    static <R> Condition<R> never() {
        return new Never<>();
    }

    /** All of {@code conditions}; {@link #always()} ones are left out, none left is always. */
    static <R> Condition<R> and(Collection<Condition<R>> conditions) {
        List<Condition<R>> kept = new ArrayList<>();
        for (Condition<R> c : conditions) {
            if (!(Objects.requireNonNull(c) instanceof Always)) {
                kept.add(c);
            }
        }
        return kept.isEmpty() ? always() : kept.size() == 1 ? kept.get(0) : new And<>(List.copyOf(kept));
    }

    @SafeVarargs
    @SuppressWarnings("varargs") // the array only reaches List.of, which copies it
    static <R> Condition<R> and(Condition<R>... conditions) {
        return and(List.of(conditions));
    }

    /** Any of {@code conditions}; none at all is always (as an empty filter object matches everything). */
    static <R> Condition<R> or(Collection<Condition<R>> conditions) {
        if (conditions.isEmpty()) {
            return always();
        }
        for (Condition<R> c : conditions) {
            if (c instanceof Always) {
                return c;
            }
        }
        return conditions.size() == 1 ? conditions.iterator().next() : new Or<>(List.copyOf(conditions));
    }

    static <R> Condition<R> not(Condition<R> condition) {
        return new Not<>(condition);
    }

    static <R> Condition<R> in(Column<R, ?> column, List<?> values) {
        return new In<>(column, List.copyOf(values));
    }

    static <R> Condition<R> notIn(Column<R, ?> column, List<?> values) {
        return new NotIn<>(column, List.copyOf(values));
    }

    static <R> Condition<R> isNull(Column<R, ?> column, boolean isNull) {
        return new IsNull<>(column, isNull);
    }

    static <R> Condition<R> contains(Column<R, String> column, String text) {
        return new Contains<>(column, text);
    }

    static <R> Condition<R> like(Column<R, String> column, String pattern) {
        return new Like<>(column, pattern);
    }

    /** {@code column LIKE 'prefix%'}, the prefix taken literally. */
    static <R> Condition<R> startsWith(Column<R, String> column, String prefix) {
        return new Like<>(column, likeLiteral(prefix) + "%");
    }

    /** Returns {@code text} as a {@link Like} pattern that matches exactly {@code text}. */
    static String likeLiteral(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static <R> Condition<R> startsWithIgnoringCase(Column<R, String> column, String text) {
        return new StartsWithIgnoringCase<>(column, text);
    }

    static <R, V extends Comparable<? super V>> Condition<R> between(Column<R, V> column, V lower, V upper) {
        return new Between<>(column, lower, upper);
    }

    static <R> Condition<R> hasAll(Column<R, ? extends List<?>> column, List<?> values) {
        return new HasAll<>(column, List.copyOf(values));
    }

    static <R> Condition<R> hasAny(Column<R, ? extends List<?>> column, List<?> values) {
        return new HasAny<>(column, List.copyOf(values));
    }

    static <R> Condition<R> isEmpty(Column<R, ? extends List<?>> column, boolean empty) {
        return new IsEmpty<>(column, empty);
    }

    static <R, S> Condition<R> exists(Column<R, ?> column, TableSpec<S> other,
            Column<S, ?> otherColumn, Condition<S> where) {
        return new Exists<>(column, other, otherColumn, where);
    }
}
