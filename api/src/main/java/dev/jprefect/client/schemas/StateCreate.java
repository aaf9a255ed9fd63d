package dev.jprefect.client.schemas;

import java.util.Objects;

/**
 * A state proposed for a run, Prefect's {@code StateCreate}: the body of {@code set_state} and the
 * initial state of a created run.
 *
 * <pre>{@code
 * StateCreate running = StateCreate.of(StateType.RUNNING);
 * StateCreate failed = StateCreate.of(StateType.FAILED).withMessage("boom");
 * }</pre>
 *
 * @param type the state's type, required
 * @param name the display name (default: the type's default name)
 * @param message an optional message
 * @param stateDetails the details (default: empty)
 * @param data the result data, any JSON value, or null
 */
public record StateCreate(
        StateType type,
        String name,
        String message,
        StateDetails stateDetails,
        Object data) {

    /** Fills the defaults. */
    public StateCreate {
        if (stateDetails == null) {
            stateDetails = StateDetails.empty();
        }
        if (name == null && type != null) {
            name = type.defaultName();
        }
    }

    /** Returns a proposal of {@code type} with its default name. */
    public static StateCreate of(StateType type) {
        return new StateCreate(Objects.requireNonNull(type, "type"), null, null, null, null);
    }

    /** Returns a proposal of {@code type} named {@code name}, e.g. {@code (SCHEDULED, "AwaitingRetry")}. */
    public static StateCreate of(StateType type, String name) {
        return new StateCreate(Objects.requireNonNull(type, "type"), name, null, null, null);
    }

    /** Returns a copy with another name. */
    public StateCreate withName(String newName) {
        return new StateCreate(type, newName, message, stateDetails, data);
    }

    /** Returns a copy with another message. */
    public StateCreate withMessage(String newMessage) {
        return new StateCreate(type, name, newMessage, stateDetails, data);
    }

    /** Returns a copy with other details. */
    public StateCreate withStateDetails(StateDetails details) {
        return new StateCreate(type, name, message, details, data);
    }

    /** Returns a copy with other data. */
    public StateCreate withData(Object newData) {
        return new StateCreate(type, name, message, stateDetails, newData);
    }
}
