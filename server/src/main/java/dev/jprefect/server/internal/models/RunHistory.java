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
 * Times are reckoned in seconds as doubles, so that no interval, however long, overflows; an
 * interval boundary past the last instant Java can hold is that instant.
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
        double interval = body.number("history_interval_seconds");
        double elapsed = seconds(start, body.instant("history_end"));
        long intervals = elapsed > 0 ? (long) Math.min(Math.ceil(elapsed / interval), MAX_INTERVALS) : 0;
        if (intervals == 0) {
            return List.of();
        }
        double end = intervals * interval;
        return storage.read(tx -> of(listing.matching(tx, body).stream().filter(run -> {
            if (run.expectedStartTime == null) {
                return false;
            }
            double at = seconds(start, run.expectedStartTime);
            return at >= 0 && at < end;
        }).toList(), start, interval, intervals, now));
    }

    /** Returns the {@code HistoryResponse} list of {@code runs} (already within the intervals). */
    private static List<Object> of(List<? extends RunRow<?>> runs, Instant start, double interval, long intervals, Instant now) {
        Map<Long, Map<List<String>, double[]>> buckets = new TreeMap<>();
        for (RunRow<?> run : runs) {
            long bucket = (long) Math.floor(seconds(start, run.expectedStartTime) / interval);
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
            record.put("interval_start", plus(start, i * interval));
            record.put("interval_end", plus(start, (i + 1) * interval));
            record.put("states", states);
            out.add(record);
        }
        return out;
    }

    /** Seconds from {@code from} to {@code to}, as a double (never overflows). */
    static double seconds(Instant from, Instant to) {
        return (to.getEpochSecond() - from.getEpochSecond()) + (to.getNano() - from.getNano()) / 1e9;
    }

    /** {@code from} plus {@code seconds}, kept within the instants Java can hold. */
    static Instant plus(Instant from, double seconds) {
        double epoch = from.getEpochSecond() + from.getNano() / 1e9 + seconds;
        if (epoch >= Instant.MAX.getEpochSecond()) {
            return Instant.MAX;
        }
        if (epoch <= Instant.MIN.getEpochSecond()) {
            return Instant.MIN;
        }
        long whole = (long) Math.floor(epoch);
        return Instant.ofEpochSecond(whole, Math.round((epoch - whole) * 1e9) % 1_000_000_000L);
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }
}
