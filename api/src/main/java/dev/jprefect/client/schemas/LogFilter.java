package dev.jprefect.client.schemas;

/**
 * Which logs to match, Prefect's {@code LogFilter}. Null criteria are not sent.
 *
 * @param operator how the criteria combine, or null ({@code and_})
 * @param level criterion on the level ({@code ge_}, {@code le_})
 * @param timestamp criterion on the timestamp ({@code before_}, {@code after_})
 * @param flowRunId criterion on the flow run ({@code any_})
 * @param taskRunId criterion on the task run ({@code any_}, {@code is_null_})
 * @param text full-text search of message and logger name ({@code query})
 */
public record LogFilter(
        Operator operator,
        LevelFilter level,
        TimeFilter timestamp,
        IdFilter flowRunId,
        IdFilter taskRunId,
        TextSearch text) {

    private static final LogFilter ALL = new LogFilter(null, null, null, null, null, null);

    /** Returns the filter that matches every log. */
    public static LogFilter all() {
        return ALL;
    }

    /** Returns a copy with another level criterion. */
    public LogFilter withLevel(LevelFilter value) {
        return new LogFilter(operator, value, timestamp, flowRunId, taskRunId, text);
    }

    /** Returns a copy with another timestamp criterion. */
    public LogFilter withTimestamp(TimeFilter value) {
        return new LogFilter(operator, level, value, flowRunId, taskRunId, text);
    }

    /** Returns a copy with another flow run criterion. */
    public LogFilter withFlowRunId(IdFilter value) {
        return new LogFilter(operator, level, timestamp, value, taskRunId, text);
    }

    /** Returns a copy with another task run criterion. */
    public LogFilter withTaskRunId(IdFilter value) {
        return new LogFilter(operator, level, timestamp, flowRunId, value, text);
    }

    /** Returns a copy with a full-text search. */
    public LogFilter withText(String query) {
        return new LogFilter(operator, level, timestamp, flowRunId, taskRunId, new TextSearch(query));
    }

    /**
     * A full-text search of logs ({@code LogFilterTextSearch}).
     *
     * @param query the search text, at most 200 characters
     */
    public record TextSearch(String query) {
    }
}
