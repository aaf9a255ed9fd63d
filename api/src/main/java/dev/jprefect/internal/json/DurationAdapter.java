package dev.jprefect.internal.json;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * A {@link Duration} as Prefect sends a {@code timedelta}: a number of seconds, e.g. an interval
 * schedule's {@code 3600.0}. Whole seconds are written as an integer, others with their fraction.
 */
final class DurationAdapter extends JsonAdapter<Duration> {

    @Override
    public Duration fromJson(JsonReader reader) throws IOException {
        if (reader.peek() == JsonReader.Token.NULL) {
            return reader.nextNull();
        }
        BigDecimal seconds = new BigDecimal(reader.nextString());
        return Duration.ofSeconds(seconds.longValue(),
                seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }

    @Override
    public void toJson(JsonWriter writer, Duration value) throws IOException {
        if (value == null) {
            writer.nullValue();
        } else if (value.getNano() == 0) {
            writer.value(value.getSeconds());
        } else {
            writer.value(BigDecimal.valueOf(value.getSeconds()).add(BigDecimal.valueOf(value.getNano(), 9))
                    .stripTrailingZeros());
        }
    }
}
