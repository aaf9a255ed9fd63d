package dev.jprefect.server.internal.api;

import dev.jprefect.server.internal.storage.FlowRow;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.LogRow;
import dev.jprefect.server.internal.storage.RunRow;
import dev.jprefect.server.internal.storage.TaskRunRow;
import dev.jprefect.server.internal.storage.VariableRow;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The sort orders of Prefect's {@code FlowSort}, {@code FlowRunSort}, {@code TaskRunSort},
 * {@code LogSort} and {@code VariableSort}, with PostgreSQL's placement of missing values (last
 * when ascending, first when descending). Ties keep creation order. Ids compare as their text, as
 * the database compares UUIDs.
 */
final class Sorts {
    private Sorts() {
    }

    static Comparator<FlowRow> flows(String sort) {
        switch (sort) {
            case "CREATED_DESC": return descending(f -> f.created);
            case "UPDATED_DESC": return descending(f -> f.updated);
            case "NAME_DESC": return descending(f -> f.name);
            default: return ascending(f -> f.name);
        }
    }

    static Comparator<FlowRunRow> flowRuns(String sort) {
        switch (sort) {
            case "START_TIME_ASC": return ascending(Sorts::startOrExpected);
            case "START_TIME_DESC": return descending(Sorts::startOrExpected);
            default: return runs(sort);
        }
    }

    static Comparator<TaskRunRow> taskRuns(String sort) {
        return runs(sort);
    }

    /** The orders flow runs and task runs share ({@code ID_DESC} when {@code sort} is none of them). */
    private static <R extends RunRow<R>> Comparator<R> runs(String sort) {
        switch (sort) {
            case "EXPECTED_START_TIME_ASC": return ascending(r -> r.expectedStartTime);
            case "EXPECTED_START_TIME_DESC": return descending(r -> r.expectedStartTime);
            case "NAME_ASC": return ascending(r -> r.name);
            case "NAME_DESC": return descending(r -> r.name);
            case "NEXT_SCHEDULED_START_TIME_ASC": return ascending(r -> r.nextScheduledStartTime);
            case "END_TIME_DESC": return descending(r -> r.endTime);
            default: return descending(r -> r.id.toString());
        }
    }

    static Comparator<LogRow> logs(String sort) {
        return "TIMESTAMP_DESC".equals(sort) ? descending(l -> l.timestamp) : ascending(l -> l.timestamp);
    }

    static Comparator<VariableRow> variables(String sort) {
        switch (sort) {
            case "CREATED_DESC": return descending(v -> v.created);
            case "UPDATED_DESC": return descending(v -> v.updated);
            case "NAME_DESC": return descending(v -> v.name);
            default: return ascending(v -> v.name);
        }
    }

    /** Returns {@code rows} sorted, then {@code offset} skipped and at most {@code limit} kept. */
    static <R> List<R> page(List<R> rows, Comparator<R> order, long offset, int limit) {
        return rows.stream().sorted(order).skip(offset).limit(limit).toList();
    }

    /** A run's start time, or its expected start time before it has started (SQL {@code coalesce}). */
    private static Instant startOrExpected(RunRow<?> r) {
        return r.startTime != null ? r.startTime : r.expectedStartTime;
    }

    private static <R, K extends Comparable<? super K>> Comparator<R> ascending(Function<R, K> key) {
        return Comparator.comparing(key, Comparator.nullsLast(Comparator.<K>naturalOrder()));
    }

    private static <R, K extends Comparable<? super K>> Comparator<R> descending(Function<R, K> key) {
        return Comparator.comparing(key, Comparator.nullsFirst(Comparator.<K>reverseOrder()));
    }
}
