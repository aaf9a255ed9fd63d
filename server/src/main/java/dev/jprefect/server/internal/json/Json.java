package dev.jprefect.server.internal.json;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okio.Buffer;

/**
 * JSON text to and from plain Java trees, on Moshi's streaming reader and writer.
 *
 * <p>A tree is made of {@link Map} (insertion-ordered, string keys), {@link List}, {@link String},
 * {@link Long} or {@link BigInteger} (whole numbers), {@link Double} or {@link BigDecimal} (other
 * numbers), {@link Boolean} and {@code null}; parsed trees are unmodifiable. Numbers keep their
 * JSON type and exact value, as Python's {@code json} reads them: a whole number stays whole (an
 * integer parameter reads back as an integer), a fraction or exponent stays a float, so run
 * parameters pass through the server unchanged. A number beyond a double's range reads as an
 * infinite {@link Double}, which validation refuses with its location ({@code finite_number}).
 * Writing also accepts {@link UUID} (its canonical text), {@link Instant} (ISO-8601 in UTC, at
 * most microseconds, as Prefect writes them) and enum constants (their name).
 *
 * <p>Reading is linear in the text: an integer literal of more than {@link #MAX_INT_DIGITS} digits
 * is refused at once ({@link JsonLimitException}), and a long fraction is read as a double.
 */
public final class Json {
    /**
     * The most digits an integer literal may have: Python's default {@code int_max_str_digits}, past
     * which Prefect's server cannot read the body (400). Converting more digits would also cost time
     * quadratic in their number.
     */
    public static final int MAX_INT_DIGITS = 4300;

    /**
     * Fractions longer than this are read as a double directly; their exact decimal value would take
     * time quadratic in the length to keep, and Python keeps only a double anyway.
     */
    static final int MAX_EXACT_DECIMAL_LENGTH = 64;

    /** Exponents beyond this are read as a double directly (infinite or zero), never as a decimal. */
    static final int MAX_EXACT_EXPONENT = 400;

    /** The server's one configured Moshi: its adapter for {@code Object} reads and writes trees. */
    private static final Moshi MOSHI = new Moshi.Builder().add(Object.class, new TreeAdapter()).build();

    /** Writes null members too: Prefect's responses carry every field, null or not. */
    private static final JsonAdapter<Object> ADAPTER = MOSHI.adapter(Object.class).serializeNulls();

    private Json() {
    }

    /**
     * Parses {@code text} into a tree.
     *
     * @throws JsonSyntaxException with the position and a Python-style description of the first
     *     error, as FastAPI reports malformed bodies
     */
    public static Object parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses UTF-8 {@code bytes} into a tree, without decoding them to a string first.
     *
     * @throws JsonSyntaxException with the position and a Python-style description of the first
     *     error, as FastAPI reports malformed bodies
     * @throws JsonLimitException if an integer literal has more than {@link #MAX_INT_DIGITS} digits
     */
    public static Object parse(byte[] bytes) {
        byte[] readable = shortenLongNumbers(bytes);
        try {
            JsonReader reader = JsonReader.of(new Buffer().write(readable));
            Object tree = ADAPTER.fromJson(reader);
            if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
                throw new JsonDataException("JSON document was not fully consumed.");
            }
            return tree;
        } catch (IOException | JsonDataException | NumberFormatException e) {
            throw JsonScanner.locate(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /**
     * Returns {@code bytes} with every number literal longer than {@link #MAX_EXACT_DECIMAL_LENGTH}
     * replaced by the shortest text of the double it reads as (infinite: {@code 1e999}), in one
     * linear pass, so the streaming reader, which re-scans a long literal from the start of its
     * buffer for each digit, never sees one; the same array if there is none.
     *
     * @throws JsonLimitException at the first integer literal of more than {@link #MAX_INT_DIGITS} digits
     */
    static byte[] shortenLongNumbers(byte[] bytes) {
        java.io.ByteArrayOutputStream out = null;
        int copied = 0;
        boolean inString = false;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
                continue;
            }
            if (b == '"') {
                inString = true;
                continue;
            }
            if (b != '-' && (b < '0' || b > '9')) {
                continue;
            }
            int end = i + 1;
            boolean whole = true;
            while (end < bytes.length && isNumberByte(bytes[end])) {
                whole &= bytes[end] >= '0' && bytes[end] <= '9';
                end++;
            }
            int length = end - i;
            if (whole && length - (b == '-' ? 1 : 0) > MAX_INT_DIGITS) {
                throw new JsonLimitException("an integer literal of " + (length - (b == '-' ? 1 : 0))
                        + " digits (at most " + MAX_INT_DIGITS + ")");
            }
            if (!whole && length > MAX_EXACT_DECIMAL_LENGTH) {
                String text = new String(bytes, i, length, StandardCharsets.US_ASCII);
                double d;
                try {
                    d = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    i = end - 1; // not a number: left for the parser to refuse where it stands
                    continue;
                }
                String shorter = Double.isNaN(d) ? text : Double.isInfinite(d) ? (d > 0 ? "1e999" : "-1e999")
                        : Double.toString(d);
                if (out == null) {
                    out = new java.io.ByteArrayOutputStream(bytes.length);
                }
                out.write(bytes, copied, i - copied);
                out.writeBytes(shorter.getBytes(StandardCharsets.US_ASCII));
                copied = end;
            }
            i = end - 1;
        }
        if (out == null) {
            return bytes;
        }
        out.write(bytes, copied, bytes.length - copied);
        return out.toByteArray();
    }

    private static boolean isNumberByte(byte b) {
        return (b >= '0' && b <= '9') || b == '.' || b == 'e' || b == 'E' || b == '+' || b == '-';
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

    /**
     * Returns the Java number for JSON number text, keeping its JSON type: whole numbers as
     * {@link Long} (or {@link BigInteger} beyond it), others as {@link Double} when the double is
     * exact, else {@link BigDecimal}; beyond a double's range, an infinite {@link Double}.
     */
    static Number number(String text) {
        int exponentAt = Math.max(text.indexOf('e'), text.indexOf('E'));
        boolean whole = exponentAt < 0 && text.indexOf('.') < 0;
        if (whole) {
            int digits = text.length() - (text.charAt(0) == '-' ? 1 : 0); // at most MAX_INT_DIGITS: see shortenLongNumbers
            if (digits <= 18) {
                return Long.parseLong(text);
            }
            BigInteger big = new BigInteger(text);
            return big.bitLength() < 64 ? (Number) big.longValue() : big;
        }
        if (text.length() > MAX_EXACT_DECIMAL_LENGTH || hugeExponent(text, exponentAt)) {
            return Double.parseDouble(text);
        }
        BigDecimal decimal = new BigDecimal(text);
        double d = decimal.doubleValue();
        if (!Double.isFinite(d)) {
            return d;
        }
        return new BigDecimal(d).compareTo(decimal) == 0 ? (Number) d : decimal;
    }

    private static boolean hugeExponent(String text, int exponentAt) {
        if (exponentAt < 0) {
            return false;
        }
        String exponent = text.substring(exponentAt + 1);
        if (exponent.startsWith("+") || exponent.startsWith("-")) {
            exponent = exponent.substring(1);
        }
        return exponent.length() > 3 || Integer.parseInt(exponent) > MAX_EXACT_EXPONENT;
    }
}
