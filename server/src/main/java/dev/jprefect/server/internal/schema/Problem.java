package dev.jprefect.server.internal.schema;

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
        tree.put("input", input);
        if (ctx != null) {
            tree.put("ctx", ctx);
        }
        return tree;
    }
}
