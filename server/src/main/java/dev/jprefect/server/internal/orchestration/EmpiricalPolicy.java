package dev.jprefect.server.internal.orchestration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code empirical_policy} field of a run (Prefect's {@code FlowRunPolicy} and
 * {@code TaskRunPolicy}: retry settings and the pause and resume flags), kept as an immutable JSON
 * object: reading and updating it. Not to be confused with the orchestration policies, the rule
 * lists of {@link Orchestrator}.
 */
public final class EmpiricalPolicy {
    private EmpiricalPolicy() {
    }

    /**
     * Returns {@code policy} with the deprecated fields carried over as Prefect does: a missing
     * {@code retries} takes a non-zero {@code max_retries}, a missing {@code retry_delay} a non-zero
     * {@code retry_delay_seconds}.
     */
    public static Map<String, Object> normalize(Map<String, Object> policy) {
        Map<String, Object> out = new LinkedHashMap<>(policy);
        Object maxRetries = out.get("max_retries");
        if (out.get("retries") == null && maxRetries instanceof Number && ((Number) maxRetries).longValue() != 0) {
            out.put("retries", ((Number) maxRetries).longValue());
        }
        Object delaySeconds = out.get("retry_delay_seconds");
        if (out.get("retry_delay") == null && delaySeconds instanceof Number && ((Number) delaySeconds).doubleValue() != 0) {
            double d = ((Number) delaySeconds).doubleValue();
            out.put("retry_delay", d == Math.rint(d) ? (Object) (long) d : (Object) d);
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Returns a copy of {@code policy} with {@code key} set to {@code value}. */
    static Map<String, Object> with(Map<String, Object> policy, String key, Object value) {
        Map<String, Object> out = new LinkedHashMap<>(policy);
        out.put(key, value);
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Returns the number of retries allowed, or null for none configured. */
    static Long retries(Map<String, Object> policy) {
        Object r = policy.get("retries");
        return r instanceof Number ? ((Number) r).longValue() : null;
    }

    /** Returns true if the flow run is resuming from a pause. */
    static boolean resuming(Map<String, Object> policy) {
        return Boolean.TRUE.equals(policy.get("resuming"));
    }

    /** Returns the pause keys already fired. */
    @SuppressWarnings("unchecked")
    static List<String> pauseKeys(Map<String, Object> policy) {
        Object keys = policy.get("pause_keys");
        return keys instanceof List ? (List<String>) keys : List.of();
    }
}
