package dev.jprefect.internal.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The results of cached task runs, by cache key, kept in this process for one client's server: a
 * cache hit the server answers ("Cached") takes its value from here. Results are not persisted to
 * storage, so a hit whose value this process never computed runs the task again.
 */
final class ResultStore {

    /** A stored result; a holder so that null results can be cached too. */
    record Stored(Object value) {
    }

    private final Map<String, Stored> byKey = new ConcurrentHashMap<>();

    void put(String cacheKey, Object value) {
        byKey.put(cacheKey, new Stored(value));
    }

    /** Returns the result stored under {@code cacheKey}, or null if none. */
    Stored get(String cacheKey) {
        return byKey.get(cacheKey);
    }
}
