package dev.jprefect.client.schemas;

/**
 * A task input that is a parameter of the enclosing flow run
 * ({@code {"input_type": "parameter", "name": ...}}).
 *
 * @param name the parameter's name
 */
public record Parameter(String name) implements TaskRunInput {
    /** The wire discriminator. */
    public static final String INPUT_TYPE = "parameter";

    @Override
    public String inputType() {
        return INPUT_TYPE;
    }
}
