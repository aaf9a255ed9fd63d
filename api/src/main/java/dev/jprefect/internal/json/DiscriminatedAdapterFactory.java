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
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A sealed interface whose JSON objects say which implementation they are in one field, e.g.
 * {@code task_inputs} entries ({@code input_type}) and orchestration details ({@code type}).
 * Writing puts the discriminator first, then the record's own fields.
 */
final class DiscriminatedAdapterFactory<T> implements JsonAdapter.Factory {
    private final Class<T> baseType;
    private final String field;
    private final Map<String, Class<? extends T>> subtypes;
    private final Function<T, String> discriminator;

    DiscriminatedAdapterFactory(Class<T> baseType, String field, Map<String, Class<? extends T>> subtypes,
            Function<T, String> discriminator) {
        this.baseType = baseType;
        this.field = field;
        this.subtypes = Map.copyOf(subtypes);
        this.discriminator = discriminator;
    }

    @Override
    public JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
        if (!annotations.isEmpty() || type != baseType) {
            return null;
        }
        Map<String, JsonAdapter<Object>> delegates = new LinkedHashMap<>();
        subtypes.forEach((name, cls) -> delegates.put(name, moshi.adapter((Type) cls)));
        JsonAdapter<Object> values = moshi.adapter(Object.class);
        return new JsonAdapter<T>() {
            @Override
            public T fromJson(JsonReader reader) throws IOException {
                String path = reader.getPath();
                Object value = reader.readJsonValue();
                if (!(value instanceof Map)) {
                    throw new JsonDataException("expected an object at " + path + " for " + baseType.getSimpleName());
                }
                Object name = ((Map<?, ?>) value).get(field);
                JsonAdapter<Object> delegate = name == null ? null : delegates.get(name.toString());
                if (delegate == null) {
                    throw new JsonDataException("unknown " + field + " '" + name + "' at " + path + " for "
                            + baseType.getSimpleName() + "; expected one of " + delegates.keySet());
                }
                return baseType.cast(delegate.fromJsonValue(value));
            }

            @Override
            public void toJson(JsonWriter writer, T value) throws IOException {
                if (value == null) {
                    writer.nullValue();
                    return;
                }
                String name = Objects.requireNonNull(discriminator.apply(value), field);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put(field, name);
                Object fields = delegates.get(name).toJsonValue(value);
                if (fields instanceof Map) {
                    ((Map<?, ?>) fields).forEach((k, v) -> out.put(k.toString(), v));
                }
                values.toJson(writer, out);
            }

            @Override
            public String toString() {
                return "JsonAdapter(" + baseType.getSimpleName() + " by " + field + ")";
            }
        };
    }
}
