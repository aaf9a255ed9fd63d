package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.orchestration.PythonTime;
import dev.jprefect.server.internal.schema.Problem;
import dev.jprefect.server.internal.schema.ValidationException;
import dev.jprefect.server.internal.storage.EventRow;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prefect's event counts ({@code events/counting.py}, {@code count_events}): the events a filter
 * selects counted by the time bucket they occurred in ({@code day}, {@code time}), by name
 * ({@code event}) or by resource ({@code resource}).
 *
 * <p>Time buckets are {@code time_interval} units long, counted from Prefect's pivot (Monday
 * 2024-04-01, UTC); every bucket of the filter's range is answered, empty ones with 0. Names and
 * resources are answered most counted first, then by label; a resource's label is its latest
 * event's {@code prefect.resource.name} (else {@code prefect.name}, else its id).
 */
public final class EventCounts {
    /** Prefect's {@code PIVOT_DATETIME}: time buckets are counted from here. */
    static final Instant PIVOT = Instant.parse("2024-04-01T00:00:00Z");
    /** What can be counted: Prefect's {@code Countable}. */
    public static final List<String> COUNTABLES = List.of("day", "time", "event", "resource");
    /** The units of a time bucket: Prefect's {@code TimeUnit}. */
    public static final List<String> TIME_UNITS = List.of("week", "day", "hour", "minute", "second");

    private static final long MICROS_PER_DAY = 86_400_000_000L;
    /**
     * The longest bucket: one that ends, from the pivot, at Python's {@code datetime.max}. Prefect's
     * arithmetic overflows beyond it (a 500 there); jprefect refuses it (422 at the interval).
     */
    private static final long LONGEST_BUCKET_MICROS = micros(PIVOT, Instant.parse("9999-12-31T23:59:59.999999Z"));

    private EventCounts() {
    }

    /**
     * Prefect's {@code TimeUnit.as_timedelta}: {@code interval} units, in microseconds (Python's rounding).
     *
     * @throws ValidationException if one bucket from the pivot would end after the year 9999
     */
    static long bucketMicros(String unit, double interval) {
        double micros = switch (unit) {
            case "week" -> 7 * interval * MICROS_PER_DAY;
            case "day" -> interval * MICROS_PER_DAY;
            case "hour" -> interval * 3_600_000_000L;
            case "minute" -> interval * 60_000_000L;
            case "second" -> interval * 1_000_000L;
            default -> throw new IllegalArgumentException("no time unit " + unit);
        };
        if (!(micros <= LONGEST_BUCKET_MICROS)) {
            throw new ValidationException(List.of(new Problem(List.of("body", "time_interval"),
                    "Value error, the buckets of this interval would end after the year 9999", "value_error", interval,
                    Map.of())));
        }
        return (long) Math.rint(micros);
    }

    /**
     * Prefect's {@code validate_buckets}: refuses (422, Prefect's words) a range of more than
     * {@code maximum} buckets (Prefect's {@code MAX_ALLOWED_BUCKETS}), whatever is counted.
     */
    static void validateBuckets(Instant since, Instant until, long bucket, int maximum) {
        long buckets = (long) Math.ceil((double) micros(since, until) / bucket);
        if (buckets > maximum) {
            throw new RefusedException(422, "The given interval would create " + buckets + " buckets, which is too many."
                    + " Please increase the interval or reduce the time range to produce " + maximum
                    + " buckets or fewer.");
        }
    }

    /**
     * Counts {@code events} (those the filter selected) by time bucket, as Prefect's
     * {@code process_time_based_counts}: the buckets of {@code unit} × {@code interval} from the one
     * holding {@code since} to the one holding {@code until} (or the end of the current unit, if
     * {@code until} is later than {@code now}), each with its count. The {@code day} countable puts
     * events in day buckets whatever the unit, as Prefect's does.
     */
    static List<Map<String, Object>> byTime(List<EventRow> events, boolean days, String unit, double interval,
            Instant since, Instant until, Instant now) {
        long bucket = bucketMicros(unit, interval);
        long first = (long) Math.floor((double) micros(PIVOT, since) / bucket);
        Instant end = until.isAfter(now) ? endOfPeriod(now, unit) : until;
        List<Map<String, Object>> counts = new ArrayList<>();
        for (Instant start = plusMicros(PIVOT, bucket * first); start.isBefore(end); start = plusMicros(start, bucket)) {
            Map<String, Object> count = new LinkedHashMap<>();
            count.put("value", String.valueOf(counts.size()));
            count.put("label", PythonTime.isoformat(start));
            count.put("count", 0L);
            count.put("start_time", start);
            count.put("end_time", plusMicros(start, bucket - 1));
            counts.add(count);
        }
        long eventBucket = days ? MICROS_PER_DAY : bucket;
        Map<Long, Long> perBucket = new TreeMap<>();
        for (EventRow e : events) {
            perBucket.merge(Math.floorDiv(micros(PIVOT, e.occurred), eventBucket), 1L, Long::sum);
        }
        perBucket.forEach((index, n) -> {
            long i = index - first;
            if (i >= 0 && i < counts.size()) {
                counts.get((int) i).put("count", n);
            }
        });
        return counts;
    }

    /**
     * Counts {@code events} by name ({@code resource} false) or by resource id: one count per value
     * with its label (the latest event's), its first and last occurrence, most counted first, then
     * by label.
     */
    static List<Map<String, Object>> byValue(List<EventRow> events, boolean resource) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (EventRow e : events) {
            String value = resource ? e.resourceId : e.event;
            groups.computeIfAbsent(value, v -> new Group()).add(e, resource ? resourceLabel(e) : e.event);
        }
        List<Map.Entry<String, Group>> sorted = new ArrayList<>(groups.entrySet());
        sorted.sort(Comparator.<Map.Entry<String, Group>>comparingLong(g -> -g.getValue().count)
                .thenComparing(g -> g.getValue().label));
        List<Map<String, Object>> counts = new ArrayList<>();
        for (Map.Entry<String, Group> g : sorted) {
            Map<String, Object> count = new LinkedHashMap<>();
            count.put("value", g.getKey());
            count.put("label", g.getValue().label);
            count.put("count", g.getValue().count);
            count.put("start_time", g.getValue().oldest);
            count.put("end_time", g.getValue().latest);
            counts.add(count);
        }
        return counts;
    }

    /** The events of one value: how many, the first and last occurrence, and the latest event's label. */
    private static final class Group {
        long count;
        Instant oldest;
        Instant latest;
        String label;

        void add(EventRow e, String labelOfEvent) {
            count++;
            if (oldest == null || e.occurred.isBefore(oldest)) {
                oldest = e.occurred;
            }
            if (latest == null || e.occurred.isAfter(latest)) {
                latest = e.occurred;
                label = labelOfEvent;
            }
        }
    }

    /** Prefect's {@code coalesce(resource->>'prefect.resource.name', resource->>'prefect.name', resource_id)}. */
    private static String resourceLabel(EventRow e) {
        String name = e.resource.get("prefect.resource.name");
        if (name == null) {
            name = e.resource.get("prefect.name");
        }
        return name != null ? name : e.resourceId;
    }

    /** Prefect's {@code end_of_period} (pendulum's {@code end_of}): the last microsecond of {@code now}'s unit, weeks ending on Sunday. */
    static Instant endOfPeriod(Instant now, String unit) {
        ZonedDateTime t = now.atZone(ZoneOffset.UTC);
        ZonedDateTime start = switch (unit) {
            case "second" -> t.truncatedTo(ChronoUnit.SECONDS);
            case "minute" -> t.truncatedTo(ChronoUnit.MINUTES);
            case "hour" -> t.truncatedTo(ChronoUnit.HOURS);
            case "day" -> t.truncatedTo(ChronoUnit.DAYS);
            case "week" -> t.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            default -> throw new IllegalArgumentException("no time unit " + unit);
        };
        ZonedDateTime next = switch (unit) {
            case "second" -> start.plusSeconds(1);
            case "minute" -> start.plusMinutes(1);
            case "hour" -> start.plusHours(1);
            case "day" -> start.plusDays(1);
            default -> start.plusWeeks(1);
        };
        return next.toInstant().minus(1, ChronoUnit.MICROS);
    }

    /** Microseconds from {@code from} to {@code to}, for any two times of Python's years 1 to 9999 (no overflow). */
    private static long micros(Instant from, Instant to) {
        return (to.getEpochSecond() - from.getEpochSecond()) * 1_000_000L + (to.getNano() - from.getNano()) / 1000;
    }

    private static Instant plusMicros(Instant t, long micros) {
        return t.plus(micros, ChronoUnit.MICROS);
    }
}
