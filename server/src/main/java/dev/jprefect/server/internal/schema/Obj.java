package dev.jprefect.server.internal.schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A read-only view of an object a {@link Schema} has validated, with typed accessors. A key is
 * present when the client sent it or the schema gave it a default ({@link #has}); absent and null
 * values read as null.
 */
public final class Obj {
    private static final Obj EMPTY = new Obj(Map.of());

    private final Map<String, Object> values;

    private Obj(Map<String, Object> values) {
        this.values = values;
    }

    /** Wraps a validated object tree; null reads as an empty object. */
    @SuppressWarnings("unchecked")
    public static Obj of(Object validated) {
        return validated == null ? EMPTY : new Obj((Map<String, Object>) validated);
    }

    /** Returns true if {@code key} was sent or defaulted (its value may still be null). */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** Returns the raw value under {@code key}: a JSON tree or a converted scalar. */
    public Object raw(String key) {
        return values.get(key);
    }

    public String string(String key) {
        return (String) values.get(key);
    }

    public UUID uuid(String key) {
        return (UUID) values.get(key);
    }

    public Instant instant(String key) {
        return (Instant) values.get(key);
    }

    public Long integer(String key) {
        return (Long) values.get(key);
    }

    public Double number(String key) {
        return (Double) values.get(key);
    }

    public Boolean bool(String key) {
        return (Boolean) values.get(key);
    }

    /** Returns true only if the value is {@code true}. */
    public boolean isTrue(String key) {
        return Boolean.TRUE.equals(values.get(key));
    }

    /** Returns the nested object, or null if absent or null. */
    public Obj obj(String key) {
        Object v = values.get(key);
        return v == null ? null : of(v);
    }

    /** Returns the list, or null if absent or null. */
    @SuppressWarnings("unchecked")
    public <T> List<T> list(String key) {
        return (List<T>) values.get(key);
    }

    /** Returns the object as a map, or null if absent or null. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String key) {
        return (Map<String, Object>) values.get(key);
    }

    /** Returns the whole object as a map. */
    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
