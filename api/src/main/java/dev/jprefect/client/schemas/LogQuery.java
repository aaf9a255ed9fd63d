package dev.jprefect.client.schemas;

/**
 * The body of {@code POST /logs/filter}: which logs to return, in what order, which page. Null parts are
 * not sent, so the server applies its defaults (no criterion, order {@code TIMESTAMP_ASC}, offset 0, limit
 * {@code PREFECT_SERVER_API_DEFAULT_LIMIT}).
 *
 * @param logs criteria on the logs
 * @param sort the order, or null
 * @param offset how many matches to skip, or null
 * @param limit how many matches to return at most, or null
 */
public record LogQuery(LogFilter logs, LogSort sort, Integer offset, Integer limit) {

    private static final LogQuery ALL = new LogQuery(null, null, null, null);

    /** Returns the query for every match, in the server's default order and page size. */
    public static LogQuery all() {
        return ALL;
    }

    /** Returns the query for the matches of {@code filter}. */
    public static LogQuery of(LogFilter filter) {
        return new LogQuery(filter, null, null, null);
    }

    /** Returns a copy with another order. */
    public LogQuery withSort(LogSort value) {
        return new LogQuery(logs, value, offset, limit);
    }

    /** Returns a copy that skips {@code value} matches. */
    public LogQuery withOffset(int value) {
        return new LogQuery(logs, sort, value, limit);
    }

    /** Returns a copy that returns at most {@code value} matches. */
    public LogQuery withLimit(int value) {
        return new LogQuery(logs, sort, offset, value);
    }
}
