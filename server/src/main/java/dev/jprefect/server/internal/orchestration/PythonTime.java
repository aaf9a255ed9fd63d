package dev.jprefect.server.internal.orchestration;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Python's text of a time where Prefect's server writes one into a value (event labels, count labels), not a JSON date-time. */
public final class PythonTime {
    private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final DateTimeFormatter ISO_MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private PythonTime() {
    }

    /** Python's {@code datetime.isoformat()} of a UTC time: microseconds only when there are some, offset {@code +00:00}. */
    public static String isoformat(Instant t) {
        return t.atOffset(ZoneOffset.UTC).format(t.getNano() / 1000 == 0 ? ISO_SECONDS : ISO_MICROS);
    }
}
