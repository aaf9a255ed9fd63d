package dev.jprefect.internal.json;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;

/**
 * ISO-8601 date-times as Prefect writes them: {@code 2024-06-01T12:00:00.123456Z}, with the zone
 * offset ({@code Z} for UTC) and microseconds when there are any (Python's precision; finer digits
 * are cut). Reading accepts any ISO offset date-time, and a date-time without offset as UTC (what
 * an older server may send).
 */
final class DateTimeAdapter extends JsonAdapter<OffsetDateTime> {

    private static final DateTimeFormatter WHOLE_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
    private static final DateTimeFormatter MICROSECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    /** Returns {@code time} as Prefect writes it. */
    static String format(OffsetDateTime time) {
        OffsetDateTime micros = time.truncatedTo(ChronoUnit.MICROS);
        return (micros.getNano() == 0 ? WHOLE_SECONDS : MICROSECONDS).format(micros);
    }

    /** Parses an ISO-8601 date-time; without an offset it is taken as UTC. */
    static OffsetDateTime parse(String text) {
        TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text.trim(),
                OffsetDateTime::from, LocalDateTime::from);
        return parsed instanceof OffsetDateTime
                ? (OffsetDateTime) parsed
                : ((LocalDateTime) parsed).atOffset(ZoneOffset.UTC);
    }

    @Override
    public OffsetDateTime fromJson(JsonReader reader) throws IOException {
        if (reader.peek() == JsonReader.Token.NULL) {
            return reader.nextNull();
        }
        String text = reader.nextString();
        try {
            return parse(text);
        } catch (DateTimeParseException e) {
            throw new JsonDataException("expected an ISO-8601 date-time at " + reader.getPath() + " but was '"
                    + text + "'", e);
        }
    }

    @Override
    public void toJson(JsonWriter writer, OffsetDateTime value) throws IOException {
        if (value == null) {
            writer.nullValue();
        } else {
            writer.value(format(value));
        }
    }

    @Override
    public String toString() {
        return "JsonAdapter(OffsetDateTime)";
    }
}
