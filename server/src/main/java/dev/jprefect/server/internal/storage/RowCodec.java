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
import java.time.LocalDate;
import java.util.ArrayList;
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

    /** Each class's stored fields for reading, and their names as Moshi options (matched without making a string). */
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            Map<String, Field> byName = new LinkedHashMap<>();
            for (Field f : FIELDS.get(type)) {
                byName.putIfAbsent(f.getName(), f); // a subclass's field hides a superclass's of the same name
            }
            return new Shape(byName.values().toArray(new Field[0]),
                    JsonReader.Options.of(byName.keySet().toArray(new String[0])));
        }
    };

    private record Shape(Field[] fields, JsonReader.Options names) {
    }

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
     * stream straight into the fields; only JSON trees go through {@link Json#parse}. To read many
     * rows, use one {@link #reader()}: it shares equal values among them.
     */
    public static <R extends Row<R>> R read(Class<R> type, String json) {
        return new Reader(0).read(type, json);
    }

    /** Returns a {@link Reader} for the rows of one load. */
    public static Reader reader() {
        return new Reader(Reader.SHARED);
    }

    /**
     * Reads many rows (a durable store reads every row of a table this way when it loads it) and
     * keeps one instance of equal values among them: ids (a run's flow, deployment, queue, and its
     * own id again in its state), times (a run's created, updated and expected start are often
     * one), short strings (state names, queue names, tags), durations, small JSON trees (a run's
     * tags). A decoded row then holds about what a row made in memory holds, where each such
     * value is one object. The values kept are in a fixed table of recent ones (a value seen often
     * stays; a row's own values are kept for the rest of the row), so the memory it takes does not
     * grow with the rows read. Not thread-safe: one per loading thread. Every value shared is
     * immutable.
     */
    public static final class Reader {
        /** Slots of the table of recent values: a power of two. */
        static final int SHARED = 1 << 14;
        /** The longest string kept (longer ones are rarely repeated). */
        private static final int LONGEST_SHARED_STRING = 64;
        /** The longest JSON text of a tree kept (a run's tags, small maps). */
        private static final int LONGEST_SHARED_TREE = 128;

        private final Object[] recent;

        private Reader(int slots) {
            this.recent = slots == 0 ? null : new Object[slots];
        }

        /** Returns the row of {@code type} that {@code json} (from {@link #write}) describes. */
        public <R extends Row<R>> R read(Class<R> type, String json) {
            return read(type, new Buffer().writeUtf8(json));
        }

        /** Returns the row of {@code type} that the UTF-8 text {@code json} (from {@link #write}) describes. */
        public <R extends Row<R>> R read(Class<R> type, byte[] json) {
            return read(type, new Buffer().write(json));
        }

        private <R extends Row<R>> R read(Class<R> type, Buffer json) {
            try {
                return type.cast(object(type, JsonReader.of(json)));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("a stored " + type.getSimpleName() + " is not readable: " + e.getMessage(), e);
            }
        }

        /** Returns the instance kept of a value equal to {@code value}, keeping {@code value} if there is none. */
        @SuppressWarnings("unchecked")
        <T> T shared(T value) {
            if (recent == null || value == null) {
                return value;
            }
            int h = value.hashCode() * 0x9E3779B9;
            int slot = (h ^ (h >>> 16)) & (recent.length - 1);
            Object held = recent[slot];
            if (held != null && held.equals(value)) {
                return (T) held;
            }
            recent[slot] = value;
            return value;
        }

        private Object object(Class<?> type, JsonReader reader) throws IOException {
            Object target = newInstance(type);
            Shape shape = SHAPES.get(type);
            reader.beginObject();
            while (reader.hasNext()) {
                int i = reader.selectName(shape.names());
                if (i < 0) {
                    reader.skipName();
                    reader.skipValue(); // a field this version no longer has
                    continue;
                }
                Field f = shape.fields()[i];
                Object value = decode(f.getType(), reader);
                if (value != null || !f.getType().isPrimitive()) {
                    set(f, target, value);
                }
            }
            reader.endObject();
            return target;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private Object decode(Class<?> type, JsonReader reader) throws IOException {
            if (reader.peek() == JsonReader.Token.NULL) {
                return reader.nextNull();
            }
            if (type == String.class) {
                String text = reader.nextString();
                return text.length() <= LONGEST_SHARED_STRING ? shared(text) : text;
            }
            if (type == UUID.class) {
                return shared(UUID.fromString(reader.nextString()));
            }
            if (type == Instant.class) {
                return shared(instant(reader.nextString()));
            }
            if (type == Duration.class) {
                return shared(Duration.parse(reader.nextString()));
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
                Object parsed = Json.parse(json); // a JSON tree, read back immutable
                return json.length <= LONGEST_SHARED_TREE ? shared(parsed) : parsed;
            }
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
        if ((year | month | day | hour | minute | second | nanos) < 0 || hour > 23 || minute > 59 || second > 59) {
            return Instant.parse(text);
        }
        try {
            long day0 = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(day0 * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
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
