package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.storage.RunRow;
import dev.jprefect.server.internal.storage.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run history of Prefect's charts ({@code server/api/run_history.py}): runs counted by
 * interval of their expected start time and by state, with their summed run time and lateness.
 */
final class RunHistory {
    /** Prefect's cap on the number of intervals. */
    static final int MAX_INTERVALS = 500;

    private RunHistory() {
    }

    /**
     * The history of the runs matching the body's filters whose expected start time falls from
     * {@code history_start} on, in intervals of {@code history_interval_seconds} up to
     * {@code history_end}: a {@code HistoryResponse} per interval.
     */
    static <R extends RunRow<R>> List<Object> read(Storage storage, Listing<R> listing, Obj body, Instant now) {
        Instant start = body.instant("history_start");
        Duration interval = Duration.ofNanos(Math.round(body.number("history_interval_seconds") * 1e9));
        long intervals = intervals(start, body.instant("history_end"), interval);
        if (intervals == 0) {
            return List.of();
        }
        return storage.read(tx -> of(listing.matching(tx, body).stream()
                .filter(run -> within(run, start, interval, intervals)).toList(), start, interval, intervals, now));
    }

    /** Returns how many intervals of {@code interval} cover {@code start} to {@code end}, at most {@value #MAX_INTERVALS}. */
    private static long intervals(Instant start, Instant end, Duration interval) {
        Duration elapsed = Duration.between(start, end);
        if (elapsed.isNegative() || elapsed.isZero()) {
            return 0;
        }
        long nanos = interval.toNanos();
        long count = (elapsed.toNanos() + nanos - 1) / nanos;
        return Math.min(count, MAX_INTERVALS);
    }

    /** Returns true if the run's expected start time falls in the intervals from {@code start}. */
    private static boolean within(RunRow<?> run, Instant start, Duration interval, long intervals) {
        Instant end = start.plus(interval.multipliedBy(intervals));
        return run.expectedStartTime != null && !run.expectedStartTime.isBefore(start) && run.expectedStartTime.isBefore(end);
    }

    /** Returns the {@code HistoryResponse} list of {@code runs} (already filtered to the intervals). */
    private static List<Object> of(List<? extends RunRow<?>> runs, Instant start, Duration interval, long intervals, Instant now) {
        Map<Long, Map<List<String>, double[]>> buckets = new TreeMap<>();
        for (RunRow<?> run : runs) {
            long bucket = Duration.between(start, run.expectedStartTime).toNanos() / interval.toNanos();
            List<String> state = List.of(String.valueOf(run.stateType()), String.valueOf(run.state == null ? null : run.state.name));
            double[] sums = buckets.computeIfAbsent(bucket, b -> new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                    .thenComparing(k -> k.get(1)))).computeIfAbsent(state, s -> new double[3]);
            sums[0] += 1;
            sums[1] += Math.max(0, seconds(Views.estimatedRunTime(run, now)));
            sums[2] += Math.max(0, seconds(Views.estimatedStartTimeDelta(run, now)));
        }
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < intervals; i++) {
            List<Object> states = new ArrayList<>();
            buckets.getOrDefault(i, Map.of()).forEach((state, sums) -> {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("state_type", state.get(0));
                view.put("state_name", state.get(1));
                view.put("count_runs", (long) sums[0]);
                view.put("sum_estimated_run_time", sums[1]);
                view.put("sum_estimated_lateness", sums[2]);
                states.add(view);
            });
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("interval_start", start.plus(interval.multipliedBy(i)));
            record.put("interval_end", start.plus(interval.multipliedBy(i + 1)));
            record.put("states", states);
            out.add(record);
        }
        return out;
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }
}
