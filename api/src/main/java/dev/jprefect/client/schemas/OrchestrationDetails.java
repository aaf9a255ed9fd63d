package dev.jprefect.client.schemas;

/**
 * The details of an {@link OrchestrationResult}; on the wire an object whose {@code type} field
 * ({@code accept_details}, {@code reject_details}, {@code abort_details}, {@code wait_details})
 * says which of the four it is.
 */
public sealed interface OrchestrationDetails
        permits StateAcceptDetails, StateRejectDetails, StateAbortDetails, StateWaitDetails {

    /** Returns the wire discriminator, e.g. {@code "wait_details"}. */
    String type();

    /** Returns the reason the server gave, or null (always null for accept details). */
    String reason();
}
