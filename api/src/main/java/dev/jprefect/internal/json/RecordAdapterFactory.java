package dev.jprefect.internal.json;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Set;

/**
 * Reads and writes Java records by their components, each named on the wire by {@link #wireName}:
 * the component's name in snake_case ({@code flowRunId} is {@code flow_run_id}), with Prefect's
 * trailing underscore on the operators of its filters ({@code any_}, {@code not_any_},
 * {@code before_}, ...) and on {@code metadata_}. The names are derived, so no JSON library's annotation sits on the
 * exported schema records. Only the schema's own records are named so; any other record (a flow's
 * parameter or result, say) keeps its component names as they are.
 *
 * <p>Moshi's own record support would do, except for what the API needs: unknown fields from a
 * newer server are skipped; a missing or null primitive takes its Java default (the schema's
 * defaults are all zero/false); and a record constructor that rejects a value becomes a
 * {@link JsonDataException} naming the record and the JSON path instead of an {@code AssertionError}.
 * Null components are written as JSON null, which the writer drops unless it serializes nulls.
 */
final class RecordAdapterFactory implements JsonAdapter.Factory {

    @Override
    public JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
        if (!annotations.isEmpty() || !(type instanceof Class) || !((Class<?>) type).isRecord()) {
            return null;
        }
        return new RecordAdapter<>((Class<?>) type, moshi).nullSafe();
    }

    /**
     * The names Prefect's filters give their operators with a trailing underscore (Python keywords
     * and builtins, and the rest by analogy): {@code any_}, {@code all_}, {@code not_any_},
     * {@code is_null_}, {@code like_}, {@code ge_}, {@code le_}, {@code before_}, {@code after_}, {@code eq_}.
     */
    private static final Set<String> FILTER_OPERATORS = Set.of(
            "any", "all", "not_any", "is_null", "like", "ge", "le", "gt", "lt", "before", "after", "startswith", "eq");

    /**
     * Returns the JSON name of {@code record}'s component {@code component}: snake_case, and a
     * filter operator (in a record named {@code ...Filter}) with a trailing underscore.
     */
    static String wireName(Class<?> record, String component) {
        if (!isSchemaRecord(record)) {
            return component;
        }
        if (component.equals("metadata")) {
            return "metadata_"; // Prefect's name: 'metadata' is taken in its models' base class
        }
        String snake = snakeCase(component);
        return record.getSimpleName().endsWith("Filter") && FILTER_OPERATORS.contains(snake) ? snake + "_" : snake;
    }

    /** Returns true for the records of the Prefect schema and the client's request bodies. */
    private static boolean isSchemaRecord(Class<?> record) {
        String pkg = record.getPackageName();
        return pkg.equals("dev.jprefect.client.schemas") || pkg.startsWith("dev.jprefect.client.internal")
                || pkg.startsWith("dev.jprefect.internal");
    }

    /** Returns {@code camelCase} as {@code camel_case}. */
    static String snakeCase(String camelCase) {
        StringBuilder out = new StringBuilder(camelCase.length() + 8);
        for (int i = 0; i < camelCase.length(); i++) {
            char c = camelCase.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** One record type's adapter. */
    private static final class RecordAdapter<T> extends JsonAdapter<T> {
        private final Class<T> recordType;
        private final Constructor<T> constructor;
        private final String[] jsonNames;
        private final Class<?>[] rawTypes;
        private final Method[] accessors;
        private final JsonAdapter<Object>[] adapters;
        private final JsonReader.Options options;

        @SuppressWarnings("unchecked")
        RecordAdapter(Class<?> type, Moshi moshi) {
            this.recordType = (Class<T>) type;
            RecordComponent[] components = type.getRecordComponents();
            int n = components.length;
            jsonNames = new String[n];
            rawTypes = new Class<?>[n];
            accessors = new Method[n];
            adapters = (JsonAdapter<Object>[]) new JsonAdapter<?>[n];
            for (int i = 0; i < n; i++) {
                RecordComponent component = components[i];
                jsonNames[i] = wireName(type, component.getName());
                rawTypes[i] = component.getType();
                accessors[i] = accessible(component.getAccessor());
                Type componentType = component.getGenericType();
                adapters[i] = moshi.adapter(rawTypes[i].isPrimitive() ? Types.getRawType(componentType) : componentType);
            }
            try {
                constructor = accessible(recordType.getDeclaredConstructor(rawTypes));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", e);
            }
            options = JsonReader.Options.of(jsonNames);
        }

        @Override
        public T fromJson(JsonReader reader) throws IOException {
            Object[] values = new Object[jsonNames.length];
            reader.beginObject();
            while (reader.hasNext()) {
                int index = reader.selectName(options);
                if (index == -1) {
                    reader.skipName(); // a field this record does not know, e.g. from a newer server
                    reader.skipValue();
                    continue;
                }
                values[index] = adapters[index].fromJson(reader);
            }
            String path = reader.getPath();
            reader.endObject();
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null && rawTypes[i].isPrimitive()) {
                    values[i] = defaultOf(rawTypes[i]);
                }
            }
            try {
                return constructor.newInstance(values);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                throw new JsonDataException("cannot build " + recordType.getSimpleName() + " at " + path + ": "
                        + cause.getMessage(), cause);
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                throw new JsonDataException("cannot build " + recordType.getSimpleName() + " at " + path + ": " + e, e);
            }
        }

        @Override
        public void toJson(JsonWriter writer, T value) throws IOException {
            writer.beginObject();
            for (int i = 0; i < jsonNames.length; i++) {
                Object component;
                try {
                    component = accessors[i].invoke(value);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + recordType.getSimpleName() + "."
                            + accessors[i].getName() + "()", e);
                }
                writer.name(jsonNames[i]);
                adapters[i].toJson(writer, component);
            }
            writer.endObject();
        }

        /** Opens private records of this module (request bodies); others must be public already. */
        private static <A extends java.lang.reflect.AccessibleObject> A accessible(A member) {
            try {
                member.trySetAccessible();
            } catch (SecurityException ignored) {
                // keep the normal access checks
            }
            return member;
        }

        private static Object defaultOf(Class<?> primitive) {
            if (primitive == boolean.class) {
                return false;
            } else if (primitive == int.class) {
                return 0;
            } else if (primitive == long.class) {
                return 0L;
            } else if (primitive == double.class) {
                return 0.0;
            } else if (primitive == float.class) {
                return 0.0f;
            } else if (primitive == short.class) {
                return (short) 0;
            } else if (primitive == byte.class) {
                return (byte) 0;
            }
            return '\0';
        }

        @Override
        public String toString() {
            return "JsonAdapter(" + recordType.getSimpleName() + ")";
        }
    }
}
