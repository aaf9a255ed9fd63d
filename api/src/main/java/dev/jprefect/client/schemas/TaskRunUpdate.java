package dev.jprefect.client.schemas;

/**
 * The body of {@code PATCH /task_runs/{id}}, Prefect's {@code TaskRunUpdate}.
 *
 * @param name a new name, or null to leave it
 */
public record TaskRunUpdate(String name) {

    /** Returns an update that renames the run. */
    public static TaskRunUpdate ofName(String name) {
        return new TaskRunUpdate(name);
    }
}
