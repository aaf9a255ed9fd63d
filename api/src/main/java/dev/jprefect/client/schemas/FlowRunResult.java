package dev.jprefect.client.schemas;

import java.util.UUID;

/**
 * A task input that is the result of a flow run ({@code {"input_type": "flow_run", "id": ...}}).
 *
 * @param id the upstream flow run
 */
public record FlowRunResult(UUID id) implements TaskRunInput {
    /** The wire discriminator. */
    public static final String INPUT_TYPE = "flow_run";

    @Override
    public String inputType() {
        return INPUT_TYPE;
    }
}
