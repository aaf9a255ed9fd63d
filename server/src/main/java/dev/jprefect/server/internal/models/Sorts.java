package dev.jprefect.server.internal.models;

import static dev.jprefect.server.internal.storage.Order.asc;
import static dev.jprefect.server.internal.storage.Order.desc;

import dev.jprefect.server.internal.storage.Column;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.RunRow;
import java.util.List;

/**
 * The sort orders of Prefect's {@code FlowRunSort} and {@code TaskRunSort}
 * as storage {@link Order}s (PostgreSQL's placement of
 * missing values: last when ascending, first when descending). Ties keep creation order.
 */
final class Sorts {
    private Sorts() {
    }

    static List<Order<FlowRunRow>> flowRuns(String sort) {
        switch (sort) {
            case "START_TIME_ASC": return List.of(asc(FlowRunRow.START_OR_EXPECTED_START_TIME));
            case "START_TIME_DESC": return List.of(desc(FlowRunRow.START_OR_EXPECTED_START_TIME));
            default: return runs(sort);
        }
    }

    /** The orders flow runs and task runs share ({@code ID_DESC} when {@code sort} is none of them). */
    private static <R extends RunRow<R>> List<Order<R>> runs(String sort) {
        switch (sort) {
            case "EXPECTED_START_TIME_ASC": return List.of(asc(RunRow.<R>expectedStartTime()));
            case "EXPECTED_START_TIME_DESC": return List.of(desc(RunRow.<R>expectedStartTime()));
            case "NAME_ASC": return List.of(asc(RunRow.<R>name()));
            case "NAME_DESC": return List.of(desc(RunRow.<R>name()));
            case "NEXT_SCHEDULED_START_TIME_ASC":
                return List.of(asc(RunRow.<R>nextScheduledStartTime()));
            case "END_TIME_DESC": return List.of(desc(RunRow.<R>endTime()));
            default: return List.of(desc(Column.<R>id()));
        }
    }

}
