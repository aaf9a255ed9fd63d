package dev.jprefect.internal.engine;

import dev.jprefect.internal.json.SchemaJson;
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

    /** Where the warning about a record jprefect cannot read goes; a logger of the library's own. */
    private static final System.Logger LOG = System.getLogger("dev.jprefect.flows");

    /** Warns, once per record class, that jprefect cannot read the record's components, and what to add. */
    private static final ClassValue<Boolean> CLOSED_RECORD_WARNED = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            LOG.log(System.Logger.Level.WARNING, closedRecordMessage(type));
            return Boolean.TRUE;
        }
    };

    private JsonValues() {
    }

    /** Says why the components of record {@code type} cannot be read, and the line that fixes it. */
    static String closedRecordMessage(Class<?> type) {
        Module module = type.getModule();
        String fix = module.isNamed()
                ? "add 'opens " + type.getPackageName() + " to dev.jprefect.api;' to the module-info.java of module "
                        + module.getName()
                : "make the record and its enclosing classes public";
        return "jprefect cannot read the components of record " + type.getName() + ", so runs record it as the one"
                + " parameter '" + SINGLE_PARAMETER + "' in its string form instead of one parameter per component; "
                + "to record its components, " + fix;
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
            return SchemaJson.CODEC.toJsonValue(value); // one pass to a tree; integers stay integers
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
                    CLOSED_RECORD_WARNED.get(record.getClass());
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
