package dev.jprefect.client.schemas;

import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code POST /work_pools/}, Prefect's {@code WorkPoolCreate}. Null components are not
 * sent (the server's default type is {@code prefect-agent}, not paused, no limit).
 *
 * <pre>{@code
 * WorkPool pool = client.createWorkPool(WorkPoolCreate.of("java-pool", "process").withBaseJobTemplate(template));
 * }</pre>
 *
 * @param name its name, required
 * @param description its description, or null
 * @param type its workers' type, e.g. {@code process}, or null
 * @param baseJobTemplate the job template, or null (Prefect's workers register their type's default)
 * @param isPaused whether it starts paused, or null
 * @param concurrencyLimit at most this many runs at once, or null
 */
public record WorkPoolCreate(
        String name,
        String description,
        String type,
        Map<String, Object> baseJobTemplate,
        Boolean isPaused,
        Integer concurrencyLimit) {

    /** Checks the name and copies the template. */
    public WorkPoolCreate {
        Objects.requireNonNull(name, "name");
        baseJobTemplate = Copies.mapOrNull(baseJobTemplate);
    }

    /** Returns the body for the pool {@code name} of workers of {@code type}. */
    public static WorkPoolCreate of(String name, String type) {
        return new WorkPoolCreate(name, null, type, null, null, null);
    }

    /** Returns a copy with another job template. */
    public WorkPoolCreate withBaseJobTemplate(Map<String, Object> value) {
        return new WorkPoolCreate(name, description, type, value, isPaused, concurrencyLimit);
    }

    /** Returns a copy with another description. */
    public WorkPoolCreate withDescription(String value) {
        return new WorkPoolCreate(name, value, type, baseJobTemplate, isPaused, concurrencyLimit);
    }

    /** Returns a copy with a concurrency limit. */
    public WorkPoolCreate withConcurrencyLimit(int value) {
        return new WorkPoolCreate(name, description, type, baseJobTemplate, isPaused, value);
    }
}
