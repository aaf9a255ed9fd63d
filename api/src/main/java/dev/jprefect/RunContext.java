package dev.jprefect;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.Event;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.TaskRun;
import dev.jprefect.internal.engine.Frames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The run active on the current thread: the flow run and, inside a task, the task run, with their
 * logger and the client they report to. Tasks submitted to a flow's task runner see the context of
 * the flow run that submitted them; a thread you start yourself has none (as in Prefect).
 *
 * <pre>{@code
 * Flow<Void, String> hello = Flow.of("hello", () ->
 *         "run " + RunContext.current().flowRun().orElseThrow().name());
 * }</pre>
 */
public interface RunContext {

    /**
     * Returns the context of the run active on this thread.
     *
     * @throws IllegalStateException if no flow run or task run is active on this thread
     */
    static RunContext current() {
        return find().orElseThrow(() -> new IllegalStateException("No flow run or task run is active on thread '"
                + Thread.currentThread().getName() + "': RunContext.current() and RunLogger.current() work only"
                + " inside the function of a Flow or Task while it runs"));
    }

    /** Returns the context of the run active on this thread, or empty outside any run. */
    static Optional<RunContext> find() {
        return Optional.ofNullable(Frames.current());
    }

    /** Returns the flow run (as it was when it started), or empty for a task called outside any flow. */
    Optional<FlowRun> flowRun();

    /** Returns the task run (as it was when it started), or empty in a flow's own function. */
    Optional<TaskRun> taskRun();

    /** Returns the logger of the innermost run: the task run's if there is one, else the flow run's. */
    RunLogger logger();

    /** Returns the client the run reports to. */
    PrefectClient client();

    /**
     * Records {@code event} ({@code POST /events}) with this run's resources related to it, as
     * Prefect's {@code emit_event} does inside a run: the flow run (role {@code flow-run}), the
     * task run ({@code task-run}) and the flow ({@code flow}), each once.
     */
    default void emitEvent(Event event) {
        Event related = event;
        Set<String> already = new HashSet<>();
        related.related().forEach(r -> already.add(r.get(Event.RESOURCE_ID)));
        List<String[]> runs = new ArrayList<>();
        flowRun().ifPresent(run -> {
            runs.add(new String[] {"prefect.flow-run." + run.id(), "flow-run"});
            runs.add(new String[] {"prefect.flow." + run.flowId(), "flow"});
        });
        taskRun().ifPresent(run -> runs.add(new String[] {"prefect.task-run." + run.id(), "task-run"}));
        for (String[] run : runs) {
            if (already.add(run[0]) && !run[0].equals(related.resourceId())) {
                related = related.withRelated(run[0], run[1]);
            }
        }
        client().emitEvents(List.of(related));
    }
}
