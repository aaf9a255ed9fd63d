package dev.jprefect.client.schemas;

/**
 * A task input that is a constant of some type ({@code {"input_type": "constant", "type": ...}}).
 *
 * @param type the constant's type name
 */
public record Constant(String type) implements TaskRunInput {
    /** The wire discriminator. */
    public static final String INPUT_TYPE = "constant";

    @Override
    public String inputType() {
        return INPUT_TYPE;
    }
}
