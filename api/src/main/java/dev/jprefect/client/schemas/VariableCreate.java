package dev.jprefect.client.schemas;

import java.util.List;
import java.util.Objects;

/**
 * The body of {@code POST /variables/}, Prefect's {@code VariableCreate}.
 *
 * @param name the name, at most 255 characters, unique on the server
 * @param value any JSON value: a string, number, boolean, map, list or null
 * @param tags its tags; never null
 */
public record VariableCreate(String name, Object value, List<String> tags) {

    /** Checks the name and copies the tags. */
    public VariableCreate {
        Objects.requireNonNull(name, "name");
        tags = Copies.list(tags);
    }

    /** Returns a body for a variable without tags. */
    public static VariableCreate of(String name, Object value) {
        return new VariableCreate(name, value, List.of());
    }
}
