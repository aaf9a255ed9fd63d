package dev.jprefect.client.schemas;

/** The details of an accepted state: none ({@code {"type": "accept_details"}}). */
public record StateAcceptDetails() implements OrchestrationDetails {
    /** The wire discriminator. */
    public static final String TYPE = "accept_details";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String reason() {
        return null;
    }
}
