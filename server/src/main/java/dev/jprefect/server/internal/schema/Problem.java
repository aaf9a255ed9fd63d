package dev.jprefect.server.internal.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One validation error, shaped as pydantic reports it and FastAPI returns it in a 422 body:
 * where ({@code loc}, e.g. {@code ["body", "name"]}), what ({@code msg}), the error kind
 * ({@code type}, e.g. {@code missing}), the offending input and optional context.
 *
 * @param loc the path to the offending value, strings and list indexes
 * @param msg the human-readable message
 * @param type pydantic's error type
 * @param input the value found (the enclosing object for a missing field)
 * @param ctx extra facts named in the message, or null
 */
public record Problem(List<Object> loc, String msg, String type, Object input, Map<String, Object> ctx) {

    /** Returns this problem as the JSON tree of one item of FastAPI's {@code detail} list. */
    public Map<String, Object> toTree() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("type", type);
        tree.put("loc", loc);
        tree.put("msg", msg);
        tree.put("input", writable(input));
        if (ctx != null) {
            tree.put("ctx", ctx);
        }
        return tree;
    }

    /**
     * Returns {@code value} with every non-finite number (which JSON cannot hold) spelled as Python
     * prints it, {@code "inf"}, {@code "-inf"} or {@code "nan"}, so the 422 (its problems' inputs
     * and the request body it repeats) can always be written.
     */
    public static Object writable(Object value) {
        if (value instanceof Double && !Double.isFinite((Double) value)) {
            double d = (Double) value;
            return Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf";
        }
        if (value instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> out.put(String.valueOf(k), writable(v)));
            return out;
        }
        if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object item : (List<?>) value) {
                out.add(writable(item));
            }
            return out;
        }
        return value;
    }
}
