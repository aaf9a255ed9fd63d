package dev.jprefect.server.internal.storage;

import dev.jprefect.server.internal.json.Json;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

    /** Each class's stored fields for reading, with their names as UTF-8 bytes (matched without making a string). */
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            Map<String, Field> byName = new LinkedHashMap<>();
            for (Field f : FIELDS.get(type)) {
                byName.putIfAbsent(f.getName(), f); // a subclass's field hides a superclass's of the same name
            }
            return new Shape(byName.values().toArray(new Field[0]),
                    byName.keySet().stream().map(n -> n.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new));
        }
    };

    /** A class's stored fields, in the order {@link #write} writes them, and their names. */
    private record Shape(Field[] fields, byte[][] names) {
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
     * Returns the row of {@code type} that {@code json} (from {@link #write}) describes. To read
     * many rows, use one {@link #reader()}: it shares equal values among them.
     */
    public static <R extends Row<R>> R read(Class<R> type, String json) {
        return new Reader(0).read(type, json);
    }

    /** Returns a {@link Reader} for the rows of one load. */
    public static Reader reader() {
        return new Reader(Reader.SHARED);
    }

    /**
     * Reads many rows (a durable store reads every row of a table this way when it loads it):
     * straight from the UTF-8 text into the fields, in one pass, making no string for a member's
     * name, an id or a time; only JSON trees (parameters, results) go through {@link Json#parse}.
     * It keeps one instance of equal values among the rows read: ids (a run's flow, deployment,
     * queue, and its own id again in its state), times (a run's created, updated and expected
     * start are often one), short strings (state names, queue names, tags), durations, small JSON
     * trees (a run's tags). A decoded row then holds about what a row made in memory holds, where
     * each such value is one object. The values kept are in a fixed table of recent ones (a value
     * seen often stays; a row's own values are kept for the rest of the row), so the memory it
     * takes does not grow with the rows read. Every value shared is immutable. Not thread-safe:
     * one per loading thread.
     */
    public static final class Reader {
        /** Slots of the table of recent values: a power of two. */
        static final int SHARED = 1 << 14;
        /** The longest string kept (longer ones are rarely repeated). */
        private static final int LONGEST_SHARED_STRING = 64;
        /** The longest JSON text of a tree kept (a run's tags, small maps). */
        private static final int LONGEST_SHARED_TREE = 128;

        /** The value of each ASCII hexadecimal digit, -1 for other characters. */
        private static final byte[] HEX = new byte[128];

        static {
            Arrays.fill(HEX, (byte) -1);
            for (int i = 0; i < 16; i++) {
                HEX[Character.forDigit(i, 16)] = (byte) i;
                HEX[Character.toUpperCase(Character.forDigit(i, 16))] = (byte) i;
            }
        }

        private final Object[] recent;
        /** The text being read and the position in it. */
        private byte[] in;
        private int at;

        private Reader(int slots) {
            this.recent = slots == 0 ? null : new Object[slots];
        }

        /** Returns the row of {@code type} that {@code json} (from {@link #write}) describes. */
        public <R extends Row<R>> R read(Class<R> type, String json) {
            return read(type, json.getBytes(StandardCharsets.UTF_8));
        }

        /** Returns the row of {@code type} that the UTF-8 text {@code json} (from {@link #write}) describes. */
        public <R extends Row<R>> R read(Class<R> type, byte[] json) {
            in = json;
            at = 0;
            try {
                Object row = object(type);
                space();
                if (at != in.length) {
                    throw malformed("text after the row");
                }
                return type.cast(row);
            } catch (RuntimeException e) {
                throw new IllegalStateException("a stored " + type.getSimpleName() + " is not readable: " + e.getMessage(), e);
            } finally {
                in = null;
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

        private Object object(Class<?> type) {
            Object target = newInstance(type);
            Shape shape = SHAPES.get(type);
            expect('{');
            space();
            if (in[at] == '}') {
                at++;
                return target;
            }
            int next = 0; // members come in the order write puts them: that field is tried first
            do {
                space();
                int i = name(shape, next);
                space();
                expect(':');
                if (i < 0) {
                    skipValue(); // a field this version no longer has
                    continue;
                }
                Field f = shape.fields()[i];
                Object value = decode(f.getType());
                if (value != null || !f.getType().isPrimitive()) {
                    set(f, target, value);
                }
                next = i + 1;
            } while (more('}'));
            return target;
        }

        /** Reads a member's name; returns its field's index in {@code shape}, or -1 if it has none. */
        private int name(Shape shape, int guess) {
            expect('"');
            int start = at;
            while (in[at] != '"') {
                if (in[at] == '\\') { // an escaped name: no field is named so, but read it as text
                    at = start - 1;
                    String text = string();
                    for (int i = 0; i < shape.names().length; i++) {
                        if (new String(shape.names()[i], StandardCharsets.UTF_8).equals(text)) {
                            return i;
                        }
                    }
                    return -1;
                }
                at++;
            }
            int end = at++;
            byte[][] names = shape.names();
            if (guess < names.length && Arrays.equals(names[guess], 0, names[guess].length, in, start, end)) {
                return guess;
            }
            for (int i = 0; i < names.length; i++) {
                if (Arrays.equals(names[i], 0, names[i].length, in, start, end)) {
                    return i;
                }
            }
            return -1;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private Object decode(Class<?> type) {
            space();
            byte first = in[at];
            if (first == 'n') {
                literal("null");
                return null;
            }
            if (type == String.class) {
                String text = string();
                return text.length() <= LONGEST_SHARED_STRING ? shared(text) : text;
            }
            if (type == UUID.class) {
                return shared(uuid());
            }
            if (type == Instant.class) {
                return shared(instant());
            }
            if (type == Duration.class) {
                return shared(Duration.parse(string()));
            }
            if (type == int.class || type == Integer.class) {
                String n = number();
                try {
                    return Integer.parseInt(n);
                } catch (NumberFormatException e) {
                    return new BigDecimal(n).intValueExact();
                }
            }
            if (type == long.class || type == Long.class) {
                String n = number();
                try {
                    return Long.parseLong(n);
                } catch (NumberFormatException e) {
                    return new BigDecimal(n).longValueExact();
                }
            }
            if (type == double.class || type == Double.class) {
                return Double.parseDouble(number());
            }
            if (type == boolean.class || type == Boolean.class) {
                if (first == 't') {
                    literal("true");
                    return Boolean.TRUE;
                }
                literal("false");
                return Boolean.FALSE;
            }
            if (type.isEnum()) {
                return Enum.valueOf((Class) type, string());
            }
            if (first == '{' && type.getPackage() == RowCodec.class.getPackage()) {
                return object(type);
            }
            int start = at;
            skipValue();
            int length = at - start;
            if (length == 2 && in[start] == '{' && in[start + 1] == '}') {
                return Map.of(); // the most common tree (parameters, context): one shared instance, not one per row
            }
            if (length == 2 && in[start] == '[' && in[start + 1] == ']') {
                return List.of();
            }
            Object tree = Json.parse(Arrays.copyOfRange(in, start, at)); // a JSON tree, read back immutable
            return length <= LONGEST_SHARED_TREE ? shared(tree) : tree;
        }

        /** Reads a string; one without escapes is made from its bytes at once. */
        private String string() {
            expect('"');
            int start = at;
            boolean ascii = true;
            byte b;
            while ((b = in[at]) != '"') {
                if (b == '\\') {
                    return escaped(start);
                }
                ascii &= b >= 0;
                at++;
            }
            at++;
            return new String(in, start, at - 1 - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        }

        /** Reads the rest of a string that has escapes, from {@code start} (after its opening quote). */
        private String escaped(int start) {
            StringBuilder text = new StringBuilder();
            int run = start;
            at = start;
            while (true) {
                byte b = in[at];
                if (b == '"' || b == '\\') {
                    text.append(new String(in, run, at - run, StandardCharsets.UTF_8));
                    at++;
                    if (b == '"') {
                        return text.toString();
                    }
                    byte e = in[at++];
                    switch (e) {
                        case '"', '\\', '/' -> text.append((char) e);
                        case 'b' -> text.append('\b');
                        case 'f' -> text.append('\f');
                        case 'n' -> text.append('\n');
                        case 'r' -> text.append('\r');
                        case 't' -> text.append('\t');
                        case 'u' -> {
                            text.append((char) Integer.parseInt(new String(in, at, 4, StandardCharsets.ISO_8859_1), 16));
                            at += 4;
                        }
                        default -> throw malformed("an unknown escape \\" + (char) e);
                    }
                    run = at;
                } else {
                    at++;
                }
            }
        }

        /** Reads an id in {@link UUID#toString}'s form from its bytes; any other form by {@link UUID#fromString}. */
        private UUID uuid() {
            int s = at + 1;
            if (in[at] == '"' && s + 36 < in.length && in[s + 36] == '"' && in[s + 8] == '-' && in[s + 13] == '-'
                    && in[s + 18] == '-' && in[s + 23] == '-') {
                long a = hex(s, 8);
                long b = hex(s + 9, 4);
                long c = hex(s + 14, 4);
                long d = hex(s + 19, 4);
                long e = hex(s + 24, 12);
                if ((a | b | c | d | e) >= 0) {
                    at = s + 37;
                    return new UUID(a << 32 | b << 16 | c, d << 48 | e);
                }
            }
            return UUID.fromString(string());
        }

        /** The hexadecimal number of {@code digits} bytes from {@code from}, or -1 if one is not a digit. */
        private long hex(int from, int digits) {
            long value = 0;
            for (int i = from; i < from + digits; i++) {
                int d = in[i] < 0 ? -1 : HEX[in[i]];
                if (d < 0) {
                    return -1;
                }
                value = value << 4 | d;
            }
            return value;
        }

        /** Reads an instant; one in {@link Instant#toString}'s form from its bytes (see {@link RowCodec#instant}). */
        private Instant instant() {
            int start = at + 1;
            int end = start;
            while (end < in.length && in[end] != '"' && in[end] != '\\' && end - start <= 30) {
                end++;
            }
            if (in[at] != '"' || end >= in.length || in[end] != '"') {
                return Instant.parse(string());
            }
            at = end + 1;
            return RowCodec.instant(new String(in, start, end - start, StandardCharsets.ISO_8859_1));
        }

        /** Reads a number's text. */
        private String number() {
            int start = at;
            while (at < in.length && "+-0123456789.eE".indexOf(in[at]) >= 0) {
                at++;
            }
            if (at == start) {
                throw malformed("a number expected");
            }
            return new String(in, start, at - start, StandardCharsets.ISO_8859_1);
        }

        /** Skips one value of any kind (strings, trees, numbers, literals). */
        private void skipValue() {
            space();
            byte first = in[at];
            if (first == '"') {
                at++;
                while (in[at] != '"') {
                    at += in[at] == '\\' ? 2 : 1;
                }
                at++;
                return;
            }
            if (first == '{' || first == '[') {
                int depth = 0;
                do {
                    byte b = in[at];
                    if (b == '"') {
                        skipValue();
                        continue;
                    }
                    if (b == '{' || b == '[') {
                        depth++;
                    } else if (b == '}' || b == ']') {
                        depth--;
                    }
                    at++;
                } while (depth > 0);
                return;
            }
            int start = at;
            while (at < in.length && ",}] \t\r\n".indexOf(in[at]) < 0) {
                at++;
            }
            if (at == start) {
                throw malformed("a value expected");
            }
        }

        private void literal(String word) {
            for (int i = 0; i < word.length(); i++) {
                if (in[at + i] != word.charAt(i)) {
                    throw malformed(word + " expected");
                }
            }
            at += word.length();
        }

        /** After a member: true if a comma follows (another member), false at {@code close}. */
        private boolean more(char close) {
            space();
            byte b = in[at++];
            if (b == ',') {
                return true;
            }
            if (b == close) {
                return false;
            }
            throw malformed("',' or '" + close + "' expected");
        }

        private void expect(char c) {
            if (in[at] != c) {
                throw malformed("'" + c + "' expected");
            }
            at++;
        }

        private void space() {
            while (at < in.length && (in[at] == ' ' || in[at] == '\n' || in[at] == '\r' || in[at] == '\t')) {
                at++;
            }
        }

        private IllegalArgumentException malformed(String what) {
            return new IllegalArgumentException(what + " at byte " + at);
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
