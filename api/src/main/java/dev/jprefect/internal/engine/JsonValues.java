package dev.jprefect.internal.engine;

import dev.jprefect.client.schemas.JsonCodec;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names a run's input and encodes it as JSON for the API. A record's components are its named
 * parameters, a map's string-keyed entries likewise; any other value is the one parameter
 * {@value #SINGLE_PARAMETER}. Each value is encoded with the client's JSON codec (Moshi); a value
 * that cannot be encoded is recorded by its {@link String#valueOf string form}, so encoding never
 * fails a run.
 */
final class JsonValues {

    /** The name of a run's input that is not a record or map. */
    static final String SINGLE_PARAMETER = "input";

    private JsonValues() {
    }

    /**
     * Returns the input's parts by parameter name (record components, string-keyed map entries, or
     * {@value #SINGLE_PARAMETER}), in order; the raw values, not encoded.
     */
    static Map<String, Object> named(Object input) {
        if (input instanceof Record) {
            Map<String, Object> components = components((Record) input);
            if (components != null) {
                return components;
            }
        } else if (input instanceof Map && ((Map<?, ?>) input).keySet().stream().allMatch(k -> k instanceof String)) {
            Map<String, Object> entries = new LinkedHashMap<>();
            ((Map<?, ?>) input).forEach((k, v) -> entries.put((String) k, v));
            return entries;
        }
        Map<String, Object> single = new LinkedHashMap<>();
        single.put(SINGLE_PARAMETER, input);
        return single;
    }

    /** Returns {@code input} as a flow run's {@code parameters} object: each named part encoded. */
    static Map<String, Object> parameters(Object input) {
        Map<String, Object> encoded = new LinkedHashMap<>();
        named(input).forEach((name, value) -> encoded.put(name, encode(value)));
        return Collections.unmodifiableMap(encoded);
    }

    /** Returns {@code value} as a JSON value (map, list, string, number, boolean or null), or its string form. */
    static Object encode(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        try {
            JsonCodec codec = JsonCodec.standard();
            return codec.fromJson(codec.toJson(value), Object.class);
        } catch (RuntimeException | StackOverflowError e) {
            return String.valueOf(value);
        }
    }

    private static Map<String, Object> components(Record record) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Method accessor = component.getAccessor();
            try {
                if (!accessor.canAccess(record) && !accessor.trySetAccessible()) {
                    return null; // a record in a package closed to jprefect: take it as one value
                }
                out.put(component.getName(), accessor.invoke(record));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
        return out;
    }
}
