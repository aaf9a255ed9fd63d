package dev.jprefect.client.schemas;

/**
 * The body of {@code POST /variables/filter}: which variables to return, in what order, which page. Null parts are
 * not sent, so the server applies its defaults (no criterion, order {@code NAME_ASC}, offset 0, limit
 * {@code PREFECT_SERVER_API_DEFAULT_LIMIT}).
 *
 * @param variables criteria on the variables
 * @param sort the order, or null
 * @param offset how many matches to skip, or null
 * @param limit how many matches to return at most, or null
 */
public record VariableQuery(VariableFilter variables, VariableSort sort, Integer offset, Integer limit) {

    private static final VariableQuery ALL = new VariableQuery(null, null, null, null);

    /** Returns the query for every match, in the server's default order and page size. */
    public static VariableQuery all() {
        return ALL;
    }

    /** Returns the query for the matches of {@code filter}. */
    public static VariableQuery of(VariableFilter filter) {
        return new VariableQuery(filter, null, null, null);
    }

    /** Returns a copy with another order. */
    public VariableQuery withSort(VariableSort value) {
        return new VariableQuery(variables, value, offset, limit);
    }

    /** Returns a copy that skips {@code value} matches. */
    public VariableQuery withOffset(int value) {
        return new VariableQuery(variables, sort, value, limit);
    }

    /** Returns a copy that returns at most {@code value} matches. */
    public VariableQuery withLimit(int value) {
        return new VariableQuery(variables, sort, offset, value);
    }
}
