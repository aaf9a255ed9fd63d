package dev.jprefect.client.schemas;

/**
 * The details of an aborted transition ({@code {"type": "abort_details", "reason": ...}}).
 *
 * @param reason why the server aborted, or null
 */
public record StateAbortDetails(String reason) implements OrchestrationDetails {
    /** The wire discriminator. */
    public static final String TYPE = "abort_details";

    @Override
    public String type() {
        return TYPE;
    }
}
