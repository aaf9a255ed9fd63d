package dev.jprefect.client.schemas;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * An interval schedule, Prefect's {@code IntervalSchedule}: every {@code interval} from an anchor
 * date. On the wire the interval is a number of seconds.
 *
 * <pre>{@code
 * Schedule hourly = IntervalSchedule.of(Duration.ofHours(1), OffsetDateTime.parse("2026-01-01T00:30:00Z"), null);
 * }</pre>
 *
 * @param interval the time between runs, positive
 * @param anchorDate the instant the intervals count from, or null (the server uses the current time)
 * @param timezone an IANA time zone for daylight-saving handling, or null (inferred from the anchor)
 */
public record IntervalSchedule(Duration interval, OffsetDateTime anchorDate, String timezone) implements Schedule {

    /** Checks the interval is positive. */
    public IntervalSchedule {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
    }

    /** Returns the schedule of every {@code interval} from {@code anchorDate} (either time zone may be null). */
    public static IntervalSchedule of(Duration interval, OffsetDateTime anchorDate, String timezone) {
        return new IntervalSchedule(interval, anchorDate, timezone);
    }
}
