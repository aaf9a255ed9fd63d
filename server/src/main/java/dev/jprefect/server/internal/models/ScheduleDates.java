package dev.jprefect.server.internal.models;

import dev.jprefect.internal.schedule.Cron;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dates of a deployment schedule, as Prefect's {@code CronSchedule} and {@code IntervalSchedule}
 * generate them ({@code _get_dates_generator}).
 *
 * <ul>
 *   <li>Cron: wall-clock times in the schedule's time zone (UTC if none), from the start on. A wall
 *       time that a DST gap skips moves forward by the gap (02:30 on a spring-forward night is
 *       03:30); a wall time that a fall-back repeats is its first occurrence. So an hourly cron
 *       fires on every new wall hour, and a daily 02:00 cron fires once a day in both
 *       transitions.</li>
 *   <li>Interval: the anchor date plus whole intervals, before or after it. An interval of whole
 *       days adds calendar days in the time zone (a daily 09:00 stays 09:00 across DST); shorter or
 *       mixed intervals add elapsed time.</li>
 * </ul>
 * At most {@link #MAX_ITERATIONS} candidates are looked at, as Prefect does.
 */
final class ScheduleDates {
    /** Prefect's {@code MAX_ITERATIONS}: candidate dates looked at per call. */
    static final int MAX_ITERATIONS = 1000;

    private static final long DAY_SECONDS = 86_400;

    private ScheduleDates() {
    }

    /**
     * Returns the message Prefect gives a cron expression it refuses ({@code CronSchedule}'s
     * validator), or null if croniter reads {@code text}.
     */
    static String cronProblem(String text) {
        try {
            Cron.parse(text);
            return null;
        } catch (IllegalArgumentException e) {
            // the parser says why; Prefect's message names the expression only (or refuses R and H by name)
            return e.getMessage().startsWith("Random and Hashed") ? e.getMessage() : "Invalid cron string: \"" + text + "\"";
        }
    }

    /**
     * Returns up to {@code n} dates of {@code schedule} (a stored {@code CronSchedule} or
     * {@code IntervalSchedule}) on or after {@code start} and not after {@code end}, in order.
     */
    static List<ZonedDateTime> between(Map<String, Object> schedule, int n, Instant start, Instant end) {
        String tz = (String) schedule.get("timezone");
        ZoneId zone = ZoneId.of(tz == null || tz.isEmpty() ? "UTC" : tz);
        return schedule.containsKey("cron") ? cron(schedule, zone, n, start, end) : interval(schedule, zone, n, start, end);
    }

    private static List<ZonedDateTime> cron(Map<String, Object> schedule, ZoneId zone, int n, Instant start, Instant end) {
        Cron cron = Cron.parse((String) schedule.get("cron"));
        boolean dayOr = !Boolean.FALSE.equals(schedule.get("day_or"));
        List<ZonedDateTime> out = new ArrayList<>();
        Set<Instant> seen = new LinkedHashSet<>();
        // croniter starts one second before the start's wall time, so a date exactly at the start counts
        LocalDateTime wall = LocalDateTime.ofInstant(start, zone).minusSeconds(1);
        for (int i = 0; i < MAX_ITERATIONS + 2 && out.size() < n; i++) {
            Optional<LocalDateTime> next = cron.nextWallTime(wall, dayOr);
            if (next.isEmpty()) {
                break;
            }
            wall = next.get();
            ZonedDateTime date = ZonedDateTime.ofLocal(wall, zone, null); // gap: shifted forward; overlap: earlier offset
            Instant at = date.toInstant();
            if (at.isAfter(end)) {
                break;
            }
            if (!at.isBefore(start) && seen.add(at)) {
                out.add(date);
            }
        }
        return out;
    }

    private static List<ZonedDateTime> interval(Map<String, Object> schedule, ZoneId zone, int n, Instant start, Instant end) {
        Duration interval = seconds(((Number) schedule.get("interval")).doubleValue());
        ZonedDateTime anchor = ((Instant) schedule.get("anchor_date")).atZone(zone);
        long days = interval.getSeconds() % DAY_SECONDS == 0 && interval.getNano() == 0 ? interval.getSeconds() / DAY_SECONDS : 0;
        // the first whole number of intervals that reaches the start (negative before the anchor)
        double elapsed = start.getEpochSecond() - anchor.toInstant().getEpochSecond()
                + (start.getNano() - anchor.getNano()) / 1e9;
        long k = (long) Math.ceil(elapsed / (interval.getSeconds() + interval.getNano() / 1e9));
        while (k > Long.MIN_VALUE && !at(anchor, interval, days, k - 1).toInstant().isBefore(start)) {
            k--; // calendar days can be shorter than 24 h: step back while the previous one still counts
        }
        List<ZonedDateTime> out = new ArrayList<>();
        for (int i = 0; i < MAX_ITERATIONS && out.size() < n; i++, k++) {
            ZonedDateTime date = at(anchor, interval, days, k);
            if (date.toInstant().isAfter(end)) {
                break;
            }
            if (!date.toInstant().isBefore(start)) {
                out.add(date);
            }
        }
        return out;
    }

    private static ZonedDateTime at(ZonedDateTime anchor, Duration interval, long days, long k) {
        return days > 0 ? anchor.plusDays(days * k) : anchor.plus(interval.multipliedBy(k));
    }

    /**
     * A whole or fractional number of seconds as a duration, to the microsecond (Python's
     * timedelta); beyond the range of a duration it is a day more than Python's largest.
     */
    static Duration seconds(double seconds) {
        if (Math.abs(seconds) > 1e15) {
            return Duration.ofDays(1_000_000_000L).multipliedBy(seconds < 0 ? -1 : 1);
        }
        long whole = (long) Math.floor(seconds);
        return Duration.ofSeconds(whole, Math.round((seconds - whole) * 1e6) * 1000);
    }
}
