package dev.jprefect.client.schemas;

/**
 * The details of a rejected state ({@code {"type": "reject_details", "reason": ...}}).
 *
 * @param reason why the server rejected the state, or null
 */
public record StateRejectDetails(String reason) implements OrchestrationDetails {
    /** The wire discriminator. */
    public static final String TYPE = "reject_details";

    @Override
    public String type() {
        return TYPE;
    }
}
