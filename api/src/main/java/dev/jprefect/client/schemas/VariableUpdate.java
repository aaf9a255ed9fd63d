package dev.jprefect.client.schemas;

import java.util.List;

/**
 * The body of {@code PATCH /variables/name/{name}}, Prefect's {@code VariableUpdate}: only the
 * non-null components are sent, and only those change (so a value cannot be set to JSON null here).
 *
 * @param name a new name, or null
 * @param value a new value, or null
 * @param tags new tags, or null
 */
public record VariableUpdate(String name, Object value, List<String> tags) {

    /** Copies the tags, keeping null (unchanged) as null. */
    public VariableUpdate {
        tags = Copies.listOrNull(tags);
    }

    /** Returns an update that sets only the value. */
    public static VariableUpdate ofValue(Object value) {
        return new VariableUpdate(null, value, null);
    }
}
