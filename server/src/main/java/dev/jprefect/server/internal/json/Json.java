package dev.jprefect.server.internal.json;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * JSON text to and from plain Java trees, on Moshi's streaming reader and writer.
 *
 * <p>A tree is made of {@link Map} (insertion-ordered, string keys), {@link List}, {@link String},
 * {@link Long} or {@link BigInteger} (whole numbers), {@link Double} or {@link BigDecimal} (other
 * numbers), {@link Boolean} and {@code null}; parsed trees are unmodifiable. Numbers keep their
 * exact value, so run parameters pass through the server unchanged. Writing also accepts
 * {@link UUID} (its canonical text), {@link Instant} (ISO-8601 in UTC, at most microseconds, as
 * Prefect writes them) and enum constants (their name).
 */
public final class Json {

    /** Writes null members too: Prefect's responses carry every field, null or not. */
    private static final JsonAdapter<Object> ADAPTER = new TreeAdapter().serializeNulls();

    private Json() {
    }

    /**
     * Parses {@code text} into a tree.
     *
     * @throws JsonSyntaxException with the position and a Python-style description of the first
     *     error, as FastAPI reports malformed bodies
     */
    public static Object parse(String text) {
        try {
            return ADAPTER.fromJson(text);
        } catch (IOException | JsonDataException | NumberFormatException e) {
            throw JsonScanner.locate(text);
        }
    }

    /** Writes {@code tree} as compact JSON text. */
    public static String write(Object tree) {
        return ADAPTER.toJson(tree);
    }

    /** Formats an instant as Prefect does: UTC, {@code Z}, truncated to microseconds. */
    public static String formatInstant(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).toString();
    }

    /** Reads and writes trees; numbers are read from their text so nothing is rounded. */
    private static final class TreeAdapter extends JsonAdapter<Object> {

        @Override
        public Object fromJson(JsonReader reader) throws IOException {
            switch (reader.peek()) {
                case BEGIN_OBJECT: {
                    Map<String, Object> map = new LinkedHashMap<>();
                    reader.beginObject();
                    while (reader.hasNext()) {
                        String name = reader.nextName();
                        map.put(name, fromJson(reader));
                    }
                    reader.endObject();
                    return Collections.unmodifiableMap(map);
                }
                case BEGIN_ARRAY: {
                    List<Object> list = new ArrayList<>();
                    reader.beginArray();
                    while (reader.hasNext()) {
                        list.add(fromJson(reader));
                    }
                    reader.endArray();
                    return Collections.unmodifiableList(list);
                }
                case STRING:
                    return reader.nextString();
                case NUMBER:
                    return number(reader.nextString());
                case BOOLEAN:
                    return reader.nextBoolean();
                case NULL:
                    return reader.nextNull();
                default:
                    throw new JsonDataException("unexpected " + reader.peek() + " at " + reader.getPath());
            }
        }

        @Override
        public void toJson(JsonWriter writer, Object value) throws IOException {
            if (value == null) {
                writer.nullValue();
            } else if (value instanceof Map) {
                writer.beginObject();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    writer.name(String.valueOf(entry.getKey()));
                    toJson(writer, entry.getValue());
                }
                writer.endObject();
            } else if (value instanceof Iterable) {
                writer.beginArray();
                for (Object item : (Iterable<?>) value) {
                    toJson(writer, item);
                }
                writer.endArray();
            } else if (value instanceof String) {
                writer.value((String) value);
            } else if (value instanceof Boolean) {
                writer.value((Boolean) value);
            } else if (value instanceof Number) {
                writer.value((Number) value);
            } else if (value instanceof Instant) {
                writer.value(formatInstant((Instant) value));
            } else if (value instanceof Enum) {
                writer.value(((Enum<?>) value).name());
            } else if (value instanceof UUID) {
                writer.value(value.toString());
            } else {
                throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
            }
        }
    }

    /** Returns the narrowest exact Java number for JSON number text. */
    static Number number(String text) {
        boolean whole = text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        if (whole) {
            BigInteger big = new BigInteger(text);
            return big.bitLength() < 64 ? (Number) big.longValue() : big;
        }
        BigDecimal decimal = new BigDecimal(text);
        double d = decimal.doubleValue();
        return Double.isFinite(d) && new BigDecimal(d).compareTo(decimal) == 0 ? (Number) d : decimal;
    }
}
