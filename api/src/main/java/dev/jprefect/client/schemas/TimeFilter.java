package dev.jprefect.client.schemas;

import java.time.OffsetDateTime;

/**
 * A criterion on a date-time field of a filter (start, end, expected start, log timestamp): the wire
 * parts {@code before_}, {@code after_} and {@code is_null_} (start and end times only). Null parts
 * are not sent. Both bounds are inclusive.
 *
 * @param before matches times at or before this
 * @param after matches times at or after this
 * @param isNull matches when the time is (true) or is not (false) null
 */
public record TimeFilter(
        OffsetDateTime before,
        OffsetDateTime after,
        Boolean isNull) {

    /** Matches times at or before {@code time}. */
    public static TimeFilter before(OffsetDateTime time) {
        return new TimeFilter(time, null, null);
    }

    /** Matches times at or after {@code time}. */
    public static TimeFilter after(OffsetDateTime time) {
        return new TimeFilter(null, time, null);
    }

    /** Matches times from {@code from} to {@code to}, both inclusive. */
    public static TimeFilter between(OffsetDateTime from, OffsetDateTime to) {
        return new TimeFilter(to, from, null);
    }
}
