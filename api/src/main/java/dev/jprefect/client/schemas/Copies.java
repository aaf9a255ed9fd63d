package dev.jprefect.client.schemas;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Defensive, null-tolerant copies for the records: JSON values may hold nulls, which List.copyOf rejects. */
final class Copies {
    private Copies() {
    }

    /** Returns an unmodifiable copy, or an empty list for null. */
    static <T> List<T> list(List<T> list) {
        return list == null || list.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** Returns an unmodifiable copy, or null for null. */
    static <T> List<T> listOrNull(List<T> list) {
        return list == null ? null : list(list);
    }

    /** Returns an unmodifiable, order-keeping copy, or an empty map for null. */
    static <K, V> Map<K, V> map(Map<K, V> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Returns an unmodifiable, order-keeping copy, or null for null. */
    static <K, V> Map<K, V> mapOrNull(Map<K, V> map) {
        return map == null ? null : map(map);
    }
}
