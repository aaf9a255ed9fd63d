package dev.jprefect.client.internal.json;

import com.squareup.moshi.Json;
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
 * Reads and writes Java records by their components, named on the wire by {@link Json#name()}.
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
            adapters = new JsonAdapter[n];
            for (int i = 0; i < n; i++) {
                RecordComponent component = components[i];
                Json json = component.getAnnotation(Json.class);
                jsonNames[i] = json == null ? component.getName() : json.name();
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
