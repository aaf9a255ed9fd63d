package dev.jprefect.client.schemas;

/**
 * A criterion on a yes/no field, e.g. a deployment's {@code paused}: the wire part {@code eq_}.
 *
 * @param eq matches objects whose field has this value
 */
public record BooleanFilter(Boolean eq) {

    /** Matches objects whose field is {@code value}. */
    public static BooleanFilter is(boolean value) {
        return new BooleanFilter(value);
    }
}
