package dev.jprefect.internal.json;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads any JSON value ({@code Object}) as maps, lists, strings, booleans and numbers that keep
 * their JSON type: an integer is a {@link Long} ({@link BigInteger} past its range), any other
 * number a {@link Double}. Moshi's own reader makes every number a {@code Double}, so a flow
 * parameter {@code 1} would read back as {@code 1.0}. Writing dispatches on the runtime type, as
 * Moshi's does.
 */
final class JsonValueAdapterFactory implements JsonAdapter.Factory {

    @Override
    public JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
        if (type != Object.class || !annotations.isEmpty()) {
            return null;
        }
        JsonAdapter<Object> writer = moshi.nextAdapter(this, type, annotations);
        return new JsonValueAdapter(writer);
    }

    /** The adapter; writes through Moshi's, reads by itself. */
    private static final class JsonValueAdapter extends JsonAdapter<Object> {
        private final JsonAdapter<Object> writer;

        JsonValueAdapter(JsonAdapter<Object> writer) {
            this.writer = writer;
        }

        @Override
        public Object fromJson(JsonReader reader) throws IOException {
            switch (reader.peek()) {
                case BEGIN_ARRAY: {
                    List<Object> list = new ArrayList<>();
                    reader.beginArray();
                    while (reader.hasNext()) {
                        list.add(fromJson(reader));
                    }
                    reader.endArray();
                    return list;
                }
                case BEGIN_OBJECT: {
                    Map<String, Object> map = new LinkedHashMap<>();
                    reader.beginObject();
                    while (reader.hasNext()) {
                        String name = reader.nextName();
                        Object value = fromJson(reader);
                        if (map.put(name, value) != null) {
                            throw new JsonDataException("Map key '" + name + "' has multiple values at path "
                                    + reader.getPath());
                        }
                    }
                    reader.endObject();
                    return map;
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
                    throw new JsonDataException("expected a JSON value but was " + reader.peek() + " at path "
                            + reader.getPath());
            }
        }

        /** Returns {@code text}, a JSON number, as a Long or BigInteger if it is an integer, else a Double. */
        static Object number(String text) {
            boolean integral = text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
            if (integral) {
                BigInteger big = new BigInteger(text);
                return big.bitLength() < Long.SIZE ? (Object) big.longValue() : big;
            }
            return new BigDecimal(text).doubleValue();
        }

        @Override
        public void toJson(JsonWriter out, Object value) throws IOException {
            if (value instanceof BigInteger || value instanceof BigDecimal) {
                out.value((Number) value); // Moshi has no adapter of its own for these
                return;
            }
            writer.toJson(out, value);
        }

        @Override
        public String toString() {
            return "JsonAdapter(Object)";
        }
    }
}
