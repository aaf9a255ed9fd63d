package dev.jprefect;

/**
 * The logger of a flow run or task run, Prefect's run logger: records are sent to the API's
 * {@code /logs/} (in batches, tagged with the run's ids) and to the {@link System.Logger} named
 * {@code prefect.flow_runs} or {@code prefect.task_runs}.
 *
 * <p>Get it inside a run with {@link #current()} (or {@link RunContext#logger()}). Records below
 * {@code PREFECT_LOGGING_LEVEL} (default INFO) are dropped; none go to the API when
 * {@code PREFECT_LOGGING_TO_API_ENABLED} is false or the flow or task was defined with
 * {@code withLogToApi(false)}. Messages with arguments are formatted with
 * {@link String#format(String, Object...)}; a message without arguments is taken as it is.
 *
 * <pre>{@code
 * Task<List<Row>, Integer> load = Task.of("load", rows -> {
 *     RunLogger.current().info("Loading %d rows", rows.size());
 *     return db.insert(rows);
 * });
 * }</pre>
 */
public interface RunLogger {

    /**
     * Returns the logger of the run active on this thread.
     *
     * @throws IllegalStateException outside a flow run or task run
     */
    static RunLogger current() {
        return RunContext.current().logger();
    }

    /** Logs at DEBUG (Python level 10). */
    void debug(String message, Object... args);

    /** Logs at INFO (Python level 20). */
    void info(String message, Object... args);

    /** Logs at WARNING (Python level 30). */
    void warning(String message, Object... args);

    /** Logs at ERROR (Python level 40). */
    void error(String message, Object... args);

    /** Logs at ERROR with {@code error}'s stack trace appended to the message. */
    void error(String message, Throwable error);
}
