package dev.jprefect.client.schemas;

/**
 * The details of a WAIT verdict ({@code {"type": "wait_details", "delay_seconds": 5, "reason": ...}}):
 * propose the state again after the delay.
 *
 * @param delaySeconds how many seconds to wait before proposing again (a run scheduled in year 9999
 *     waits more than {@code Integer.MAX_VALUE} seconds)
 * @param reason why, or null
 */
public record StateWaitDetails(long delaySeconds, String reason)
        implements OrchestrationDetails {
    /** The wire discriminator. */
    public static final String TYPE = "wait_details";

    @Override
    public String type() {
        return TYPE;
    }
}
