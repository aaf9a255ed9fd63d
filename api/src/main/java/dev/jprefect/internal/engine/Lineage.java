package dev.jprefect.internal.engine;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which task run produced which object in one flow run, after Prefect's
 * {@code link_state_to_result}: a completed task run's result (and the elements of a collection or
 * map result, one level deep) is remembered by identity, so a task given that object later records
 * the producing run as an upstream input. Values that cannot be told apart by identity (null,
 * booleans, enums, the JVM's shared small boxed numbers and characters, empty strings) are not
 * tracked. Results are held until the flow run ends.
 */
final class Lineage {

    /** The JVM shares boxed integers in [-128, 127] (JLS 5.1.7), so their identity says nothing. */
    private static final int SHARED_BOX_MIN = -128;
    private static final int SHARED_BOX_MAX = 127;

    private final Map<Object, UUID> producers = new IdentityHashMap<>();

    /** Remembers that {@code taskRunId} produced {@code result} and its direct elements. */
    void link(Object result, UUID taskRunId) {
        synchronized (producers) {
            if (trackable(result)) {
                producers.put(result, taskRunId);
            }
            for (Object element : elements(result)) {
                if (trackable(element)) {
                    producers.put(element, taskRunId);
                }
            }
        }
    }

    /** Returns the task runs that produced {@code value} or its direct elements, in encounter order. */
    Set<UUID> producersOf(Object value) {
        Set<UUID> found = new LinkedHashSet<>();
        synchronized (producers) {
            if (producers.isEmpty()) {
                return found;
            }
            UUID own = trackable(value) ? producers.get(value) : null;
            if (own != null) {
                found.add(own);
            }
            for (Object element : elements(value)) {
                UUID id = trackable(element) ? producers.get(element) : null;
                if (id != null) {
                    found.add(id);
                }
            }
        }
        return found;
    }

    private static Iterable<?> elements(Object value) {
        if (value instanceof Collection) {
            return (Collection<?>) value;
        }
        if (value instanceof Map) {
            return ((Map<?, ?>) value).values();
        }
        if (value instanceof Object[]) {
            return java.util.Arrays.asList((Object[]) value);
        }
        return java.util.List.of();
    }

    /** Returns true if {@code value}'s identity can tell which run produced it. */
    static boolean trackable(Object value) {
        if (value == null || value instanceof Boolean || value instanceof Enum) {
            return false;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long n = ((Number) value).longValue();
            return n < SHARED_BOX_MIN || n > SHARED_BOX_MAX;
        }
        if (value instanceof Character) {
            return (Character) value > SHARED_BOX_MAX;
        }
        return !(value instanceof String) || !((String) value).isEmpty();
    }
}
