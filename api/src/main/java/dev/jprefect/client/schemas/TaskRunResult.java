package dev.jprefect.client.schemas;

import java.util.UUID;

/**
 * A task input that is the result of another task run ({@code {"input_type": "task_run", "id": ...}}).
 *
 * @param id the upstream task run
 */
public record TaskRunResult(UUID id) implements TaskRunInput {
    /** The wire discriminator. */
    public static final String INPUT_TYPE = "task_run";

    @Override
    public String inputType() {
        return INPUT_TYPE;
    }
}
