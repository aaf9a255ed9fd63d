package dev.jprefect.client.schemas;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A variable as the server stores it, Prefect's {@code Variable}.
 *
 * @param id the variable's id
 * @param created when it was created
 * @param updated when it was last updated
 * @param name its name, unique on the server
 * @param value any JSON value: a string, number (read back as {@link Double}), boolean, map, list, or null
 * @param tags its tags; never null
 */
public record Variable(
        UUID id,
        OffsetDateTime created,
        OffsetDateTime updated,
        String name,
        Object value,
        List<String> tags) {

    /** Copies the tags; null becomes empty. */
    public Variable {
        tags = Copies.list(tags);
    }
}
