package dev.jprefect.client.schemas;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The state of a flow run or task run as the server stores it, Prefect's {@code State}.
 *
 * <p>States are read from the API ({@link dev.jprefect.client.PrefectClient#readFlowRunStates}) or
 * come back in an {@link OrchestrationResult}; to propose one, send a {@link StateCreate}.
 *
 * @param id the state's id
 * @param type the state's type, never null
 * @param name the display name, e.g. {@code "Running"} or {@code "Retrying"}
 * @param timestamp when the state was entered, with its zone offset
 * @param message an optional human-readable message
 * @param stateDetails the details; never null ({@link StateDetails#empty()} when absent)
 * @param data the result data, any JSON value (maps, lists, strings, numbers, booleans), or null
 */
public record State(
        UUID id,
        StateType type,
        String name,
        OffsetDateTime timestamp,
        String message,
        StateDetails stateDetails,
        Object data) {

    /** Fills the defaults: empty details and the type's default name. */
    public State {
        if (stateDetails == null) {
            stateDetails = StateDetails.empty();
        }
        if (name == null && type != null) {
            name = type.defaultName();
        }
    }

    /** Returns this state as a proposal for {@code set_state} (id and timestamp dropped). */
    public StateCreate toCreate() {
        return new StateCreate(type, name, message, stateDetails, data);
    }
}
