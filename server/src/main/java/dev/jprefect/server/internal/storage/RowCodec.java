package dev.jprefect.server.internal.storage;

import dev.jprefect.server.internal.json.Json;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    private RowCodec() {
    }

    /** Returns {@code row} as JSON text. */
    public static String write(Row<?> row) {
        return Json.write(tree(row));
    }

    /** Returns the row of {@code type} that {@code json} (from {@link #write}) describes. */
    public static <R extends Row<R>> R read(Class<R> type, String json) {
        return type.cast(object(type, Json.parse(json)));
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

    private static Object object(Class<?> type, Object tree) {
        Object target = newInstance(type);
        Map<?, ?> members = (Map<?, ?>) tree;
        for (Field f : FIELDS.get(type)) {
            if (members.containsKey(f.getName())) {
                Object value = decode(f.getType(), members.get(f.getName()));
                if (value != null || !f.getType().isPrimitive()) {
                    set(f, target, value);
                }
            }
        }
        return target;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object decode(Class<?> type, Object v) {
        if (v == null) {
            return null;
        }
        if (type == UUID.class) {
            return UUID.fromString((String) v);
        }
        if (type == Instant.class) {
            return Instant.parse((String) v);
        }
        if (type == Duration.class) {
            return Duration.parse((String) v);
        }
        if (type == int.class || type == Integer.class) {
            return ((Number) v).intValue();
        }
        if (type == long.class || type == Long.class) {
            return ((Number) v).longValue();
        }
        if (type == double.class || type == Double.class) {
            return ((Number) v).doubleValue();
        }
        if (type.isEnum()) {
            return Enum.valueOf((Class) type, (String) v);
        }
        if (type.getPackage() == RowCodec.class.getPackage() && v instanceof Map) {
            return object(type, v);
        }
        return v; // strings, booleans, and JSON trees (read back immutable)
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
            return type.getDeclaredConstructor().newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(type.getName() + " needs a public no-argument constructor to be stored", e);
        }
    }
}
