package dev.jprefect.client.schemas;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code POST /flows/}, Prefect's {@code FlowCreate}. Creating a flow whose name
 * exists returns the existing flow.
 *
 * @param name the flow's name (no {@code / % & > <})
 * @param tags its tags; never null
 * @param labels its labels, or null
 */
public record FlowCreate(String name, List<String> tags, Map<String, Object> labels) {

    /** Checks the name and copies the collections. */
    public FlowCreate {
        Objects.requireNonNull(name, "name");
        tags = Copies.list(tags);
        labels = Copies.mapOrNull(labels);
    }

    /** Returns a body for a flow named {@code name}, without tags. */
    public static FlowCreate of(String name) {
        return new FlowCreate(name, List.of(), null);
    }

    /** Returns a copy with other tags. */
    public FlowCreate withTags(List<String> newTags) {
        return new FlowCreate(name, newTags, labels);
    }

    /** Returns a copy with other labels. */
    public FlowCreate withLabels(Map<String, Object> newLabels) {
        return new FlowCreate(name, tags, newLabels);
    }
}
