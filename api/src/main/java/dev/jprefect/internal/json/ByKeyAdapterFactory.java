package dev.jprefect.internal.json;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A sealed interface whose JSON objects say which implementation they are by which field they
 * carry, e.g. Prefect's schedule union ({@code cron}, {@code interval}, {@code rrule}), as
 * pydantic reads an untagged union. Writing is the implementation's own record form.
 */
final class ByKeyAdapterFactory<T> implements JsonAdapter.Factory {
    private final Class<T> baseType;
    private final Map<String, Class<? extends T>> subtypesByKey;

    ByKeyAdapterFactory(Class<T> baseType, Map<String, Class<? extends T>> subtypesByKey) {
        this.baseType = baseType;
        this.subtypesByKey = new LinkedHashMap<>(subtypesByKey);
    }

    @Override
    public JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
        if (!annotations.isEmpty() || type != baseType) {
            return null;
        }
        Map<String, JsonAdapter<Object>> delegates = new LinkedHashMap<>();
        subtypesByKey.forEach((key, cls) -> delegates.put(key, moshi.adapter((Type) cls)));
        Map<Class<?>, JsonAdapter<Object>> writers = new LinkedHashMap<>();
        subtypesByKey.forEach((key, cls) -> writers.put(cls, delegates.get(key)));
        return new JsonAdapter<T>() {
            @Override
            public T fromJson(JsonReader reader) throws IOException {
                String path = reader.getPath();
                Object value = reader.readJsonValue();
                if (value == null) {
                    return null;
                }
                if (!(value instanceof Map)) {
                    throw new JsonDataException("expected an object at " + path + " for " + baseType.getSimpleName());
                }
                for (Map.Entry<String, JsonAdapter<Object>> kind : delegates.entrySet()) {
                    if (((Map<?, ?>) value).containsKey(kind.getKey())) {
                        return baseType.cast(kind.getValue().fromJsonValue(value));
                    }
                }
                throw new JsonDataException("expected one of the fields " + delegates.keySet() + " at " + path
                        + " for " + baseType.getSimpleName());
            }

            @Override
            public void toJson(JsonWriter writer, T value) throws IOException {
                if (value == null) {
                    writer.nullValue();
                    return;
                }
                JsonAdapter<Object> delegate = writers.get(value.getClass());
                if (delegate == null) {
                    throw new IllegalArgumentException("not a known " + baseType.getSimpleName() + ": " + value.getClass());
                }
                delegate.toJson(writer, value);
            }

            @Override
            public String toString() {
                return "JsonAdapter(" + baseType.getSimpleName() + " by key)";
            }
        };
    }
}
