package dev.jprefect.client.schemas;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A flow as the server stores it, Prefect's {@code Flow}.
 *
 * @param id the flow's id
 * @param created when it was created
 * @param updated when it was last updated
 * @param name its name, unique on the server
 * @param tags its tags; never null
 * @param labels its labels (string, number or boolean values); never null
 */
public record Flow(
        UUID id,
        OffsetDateTime created,
        OffsetDateTime updated,
        String name,
        List<String> tags,
        Map<String, Object> labels) {

    /** Copies the collections; null becomes empty. */
    public Flow {
        tags = Copies.list(tags);
        labels = Copies.map(labels);
    }
}
