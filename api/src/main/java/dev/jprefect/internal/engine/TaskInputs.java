package dev.jprefect.internal.engine;

import dev.jprefect.TaskFuture;
import dev.jprefect.client.schemas.TaskRunInput;
import dev.jprefect.client.schemas.TaskRunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code task_inputs} of a run: what flow runs and task runs both send when they are created. */
final class TaskInputs {

    /** The {@code task_inputs} entry that names the task run a task was called in (Prefect's). */
    static final String PARENTS = "__parents__";

    private TaskInputs() {
    }

    /**
     * Returns the {@code task_inputs} of a run given {@code input}: per parameter, the task runs that
     * produced it (a future given as the input, or results the flow run's lineage knows), and the
     * task run it was called in, as {@value #PARENTS}.
     */
    static Map<String, List<TaskRunInput>> of(boolean takesInput, Object input, TaskFuture<?> upstream,
            Frame parent) {
        Map<String, List<TaskRunInput>> inputs = new LinkedHashMap<>();
        if (upstream != null) {
            inputs.put(JsonValues.SINGLE_PARAMETER, List.of(new TaskRunResult(upstream.taskRunId())));
        } else if (takesInput) {
            Lineage lineage = parent == null || parent.flow() == null ? null : parent.flow().lineage();
            JsonValues.named(input).forEach((name, value) -> {
                List<TaskRunInput> sources = new ArrayList<>();
                if (value instanceof TaskFuture) {
                    sources.add(new TaskRunResult(((TaskFuture<?>) value).taskRunId()));
                } else if (lineage != null) {
                    lineage.producersOf(value).forEach(id -> sources.add(new TaskRunResult(id)));
                }
                inputs.put(name, sources);
            });
        }
        if (parent != null && parent.task() != null) {
            inputs.put(PARENTS, List.of(new TaskRunResult(parent.task().id())));
        }
        return inputs;
    }
}
