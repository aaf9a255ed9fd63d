package dev.jprefect.server.internal.models;

import static dev.jprefect.server.internal.models.FieldTable.Op.AFTER;
import static dev.jprefect.server.internal.models.FieldTable.Op.BEFORE;
import static dev.jprefect.server.internal.models.FieldTable.Op.IS_NULL;

import dev.jprefect.server.internal.models.FieldTable.Filter;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.RunRow;
import java.util.stream.Stream;

/**
 * The bookkeeping fields flow runs and task runs share, from {@code state_type} to
 * {@code estimated_start_time_delta} in Prefect's order: the state's type and name, the run count,
 * the times (filtered by {@code before_}, {@code after_} and, for start and end, {@code is_null_})
 * and the run time and lateness, priced at the time of the answer; and the sort values they share.
 */
final class RunFields {
    private RunFields() {
    }

    /**
     * Adds the run fields to {@code table}: all of them to the view {@code view}, the times and run
     * times to the smaller views {@code brief}, and the filterable times to the filter model
     * {@code filter} ({@code next_scheduled_start_time} too if {@code nextScheduledFiltered}).
     */
    static <R extends RunRow<R>> FieldTable<R> add(FieldTable<R> table, String view, String filter,
            boolean nextScheduledFiltered, String... brief) {
        String[] times = with(brief, view, filter);
        return table
                .viewed("state_type", (r, now) -> r.stateType(), view)
                .viewed("state_name", (r, now) -> r.state == null ? null : r.state.name, view)
                .viewed("run_count", (r, now) -> r.runCount, view)
                .field("expected_start_time", Schema.dateTime(), RunRow.<R>expectedStartTime(), (r, v) -> { },
                        Filter.by(Schema.dateTime(), BEFORE, AFTER), view, filter)
                .field("next_scheduled_start_time", Schema.dateTime(), RunRow.<R>nextScheduledStartTime(), (r, v) -> { },
                        Filter.by(Schema.dateTime(), BEFORE, AFTER), nextScheduledFiltered ? with(new String[0], view, filter)
                                : new String[] {view})
                .field("start_time", Schema.dateTime(), RunRow.<R>startTime(), (r, v) -> { },
                        Filter.by(Schema.dateTime(), BEFORE, AFTER, IS_NULL), times)
                .field("end_time", Schema.dateTime(), RunRow.<R>endTime(), (r, v) -> { },
                        Filter.by(Schema.dateTime(), BEFORE, AFTER, IS_NULL), times)
                .viewed("total_run_time", (r, now) -> Views.seconds(r.totalRunTime), with(brief, view))
                .viewed("estimated_run_time", (r, now) -> Views.seconds(Views.estimatedRunTime(r, now)), with(brief, view))
                .viewed("estimated_start_time_delta", (r, now) -> Views.seconds(Views.estimatedStartTimeDelta(r, now)),
                        with(brief, view));
    }

    /** Adds the sort values flow runs and task runs share, in their enums' order after {@code ID_DESC} (and flow runs' start times). */
    static <R extends RunRow<R>> FieldTable<R> sorts(FieldTable<R> table) {
        return table
                .sort("EXPECTED_START_TIME_ASC", Order.asc(RunRow.<R>expectedStartTime()))
                .sort("EXPECTED_START_TIME_DESC", Order.desc(RunRow.<R>expectedStartTime()))
                .sort("NAME_ASC", Order.asc(RunRow.<R>name()))
                .sort("NAME_DESC", Order.desc(RunRow.<R>name()))
                .sort("NEXT_SCHEDULED_START_TIME_ASC", Order.asc(RunRow.<R>nextScheduledStartTime()))
                .sort("END_TIME_DESC", Order.desc(RunRow.<R>endTime()));
    }

    private static String[] with(String[] shapes, String... more) {
        return Stream.concat(Stream.of(shapes), Stream.of(more)).distinct().toArray(String[]::new);
    }
}
