package dev.jprefect.server.internal.storage;

import com.squareup.moshi.JsonReader;
import dev.jprefect.server.internal.json.Json;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Rows as JSON text and back, for a store that keeps rows outside the heap. Generic: a row's public
 * instance fields (its class's and its superclasses') are its JSON members, by field name, so a new
 * row type needs no mapping code. Values: UUIDs, instants (full precision) and durations as their
 * text, enums by name, numbers, booleans and strings as themselves, JSON trees (lists, maps, any
 * {@code Object} field) as they are, and a field of another plain class of this package (a state
 * inside a run, the details inside a state) as a nested object, the same way.
 */
public final class RowCodec {
    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    int m = f.getModifiers();
                    if (Modifier.isPublic(m) && !Modifier.isStatic(m)) {
                        fields.add(f);
                    }
                }
            }
            return List.copyOf(fields);
        }
    };

    private static final ClassValue<Map<String, Field>> BY_NAME = new ClassValue<>() {
        @Override
        protected Map<String, Field> computeValue(Class<?> type) {
            Map<String, Field> byName = new HashMap<>();
            for (Field f : FIELDS.get(type)) {
                byName.putIfAbsent(f.getName(), f);
            }
            return byName;
        }
    };

    /** Each row class's no-argument constructor, looked up once (a load makes a row per stored row). */
    private static final ClassValue<Constructor<?>> CONSTRUCTORS = new ClassValue<>() {
        @Override
        protected Constructor<?> computeValue(Class<?> type) {
            try {
                return type.getDeclaredConstructor();
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type.getName() + " needs a public no-argument constructor to be stored", e);
            }
        }
    };

    private RowCodec() {
    }

    /** Returns {@code row} as JSON text. */
    public static String write(Row<?> row) {
        return Json.write(tree(row));
    }

    /**
     * Returns the row of {@code type} that {@code json} (from {@link #write}) describes. Read as a
     * stream straight into the fields (a durable store reads every row of a table this way when it
     * loads it); only JSON trees go through {@link Json#parse}.
     */
    public static <R extends Row<R>> R read(Class<R> type, String json) {
        try {
            JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json));
            return type.cast(object(type, reader));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("a stored " + type.getSimpleName() + " is not readable: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the table named {@code name} that {@code rowType} declares as a public constant (as
     * {@code FlowRunRow.TABLE}), which is how a store that finds rows by table name learns the
     * table's indexes.
     *
     * @throws IllegalStateException if it declares none of that name
     */
    public static TableSpec<?> declaredTable(Class<?> rowType, String name) {
        for (Field f : rowType.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == TableSpec.class) {
                TableSpec<?> spec = (TableSpec<?>) get(f, null);
                if (spec.name().equals(name)) {
                    return spec;
                }
            }
        }
        throw new IllegalStateException(rowType.getName() + " declares no table named " + name
                + " (a row class declares its tables as public static TableSpec constants)");
    }

    private static Map<String, Object> tree(Object value) {
        Map<String, Object> members = new LinkedHashMap<>();
        for (Field f : FIELDS.get(value.getClass())) {
            members.put(f.getName(), encode(get(f, value)));
        }
        return members;
    }

    private static Object encode(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean
                || v instanceof Map || v instanceof List) {
            return v;
        }
        if (v instanceof UUID || v instanceof Instant || v instanceof Duration) {
            return v.toString();
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v.getClass().getPackage() == RowCodec.class.getPackage()) {
            return tree(v);
        }
        throw new IllegalArgumentException("a row field holds a " + v.getClass().getName() + ", which has no stored form");
    }

    private static Object object(Class<?> type, JsonReader reader) throws IOException {
        Object target = newInstance(type);
        Map<String, Field> fields = BY_NAME.get(type);
        reader.beginObject();
        while (reader.hasNext()) {
            Field f = fields.get(reader.nextName());
            if (f == null) {
                reader.skipValue(); // a field this version no longer has
                continue;
            }
            Object value = decode(f.getType(), reader);
            if (value != null || !f.getType().isPrimitive()) {
                set(f, target, value);
            }
        }
        reader.endObject();
        return target;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object decode(Class<?> type, JsonReader reader) throws IOException {
        if (reader.peek() == JsonReader.Token.NULL) {
            return reader.nextNull();
        }
        if (type == String.class) {
            return reader.nextString();
        }
        if (type == UUID.class) {
            return UUID.fromString(reader.nextString());
        }
        if (type == Instant.class) {
            return instant(reader.nextString());
        }
        if (type == Duration.class) {
            return Duration.parse(reader.nextString());
        }
        if (type == int.class || type == Integer.class) {
            return reader.nextInt();
        }
        if (type == long.class || type == Long.class) {
            return reader.nextLong();
        }
        if (type == double.class || type == Double.class) {
            return reader.nextDouble();
        }
        if (type == boolean.class || type == Boolean.class) {
            return reader.nextBoolean();
        }
        if (type.isEnum()) {
            return Enum.valueOf((Class) type, reader.nextString());
        }
        if (type.getPackage() == RowCodec.class.getPackage() && reader.peek() == JsonReader.Token.BEGIN_OBJECT) {
            return object(type, reader);
        }
        try (BufferedSource tree = reader.nextSource()) {
            byte[] json = tree.readByteArray();
            if (json.length == 2 && json[0] == '{' && json[1] == '}') {
                return Map.of(); // the most common tree (parameters, context): one shared instance, not one per row
            }
            if (json.length == 2 && json[0] == '[' && json[1] == ']') {
                return List.of();
            }
            return Json.parse(json); // a JSON tree, read back immutable
        }
    }

    /**
     * Reads an instant in the form {@link Instant#toString} writes ({@code 2026-01-02T03:04:05Z},
     * with 3, 6 or 9 digits of fraction if any) without a formatter, which is most of the time of
     * reading a stored row; any other form by {@link Instant#parse}.
     */
    static Instant instant(String text) {
        int n = text.length();
        if (n < 20 || n == 21 || n > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(n - 1) != 'Z'
                || (n > 20 && text.charAt(19) != '.')) {
            return Instant.parse(text);
        }
        int nanos = 0;
        if (n > 20) {
            nanos = digits(text, 20, n - 1);
            for (int i = n - 21; i < 9; i++) {
                nanos *= 10;
            }
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if ((year | month | day | hour | minute | second | nanos) < 0) {
            return Instant.parse(text);
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return Instant.parse(text);
        }
    }

    /** The decimal number in {@code text[from, to)}, or -1 if a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static Object get(Field f, Object target) {
        try {
            return f.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("row field " + f + " is not readable", e);
        }
    }

    private static void set(Field f, Object target, Object value) {
        try {
            f.set(target, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("row field " + f + " is not writable", e);
        }
    }

    private static Object newInstance(Class<?> type) {
        try {
            return CONSTRUCTORS.get(type).newInstance();
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(type.getName() + " needs a public no-argument constructor to be stored", e);
        }
    }
}
