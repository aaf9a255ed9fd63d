package dev.jprefect.client.schemas;

/**
 * Where one input of a task run came from (an entry of {@code task_inputs}); on the wire an object
 * whose {@code input_type} field ({@code task_run}, {@code flow_run}, {@code parameter},
 * {@code constant}) says which of the four it is.
 */
public sealed interface TaskRunInput permits TaskRunResult, FlowRunResult, Parameter, Constant {

    /** Returns the wire discriminator, e.g. {@code "task_run"}. */
    String inputType();
}
