package dev.jprefect.harness.internal;

import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.Log;
import dev.jprefect.client.schemas.State;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.client.schemas.TaskRun;
import dev.jprefect.harness.TestRuns;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Renders runs for people: the report a failing test prints, and the run descriptions in
 * assertion messages. One line per run, its states as a history, its task runs and subflow runs
 * indented under it, then its last log lines (a subflow's under the subflow run: the log lines of
 * a flow run are those logged with its id, which a subflow's own lines are not).
 */
public final class RunReport {

    /** How many log lines of each flow run a report shows: the last ones, where failures are. */
    static final int LAST_LOG_LINES = 10;

    /** How long a state or log message may get in a report before it is cut. */
    private static final int MESSAGE_CHARS = 300;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private static final Map<Integer, String> LEVELS = Map.of(
            10, "DEBUG", 20, "INFO", 30, "WARNING", 40, "ERROR", 50, "CRITICAL");

    private RunReport() {
    }

    /** Renders every flow run of {@code runs}, subflows nested under their parents; runs outside flows last. */
    public static String render(TestRuns runs) {
        List<FlowRun> flowRuns = runs.flowRuns();
        List<TaskRun> taskRuns = runs.taskRuns();
        StringBuilder out = new StringBuilder();
        if (flowRuns.isEmpty() && taskRuns.isEmpty()) {
            return "no flow runs and no task runs\n";
        }
        Map<UUID, List<TaskRun>> tasksByFlowRun = new HashMap<>();
        Map<UUID, List<FlowRun>> subflowsByTaskRun = new HashMap<>();
        Set<UUID> known = new HashSet<>();
        for (FlowRun run : flowRuns) {
            known.add(run.id());
            if (run.parentTaskRunId() != null) {
                subflowsByTaskRun.computeIfAbsent(run.parentTaskRunId(), k -> new ArrayList<>()).add(run);
            }
        }
        for (FlowRun run : flowRuns) {
            tasksByFlowRun.put(run.id(), runs.taskRuns(run));
        }
        Set<UUID> placeholderOwners = new HashSet<>();
        tasksByFlowRun.values().forEach(list -> list.forEach(t -> {
            if (subflowsByTaskRun.containsKey(t.id())) {
                placeholderOwners.add(t.id());
            }
        }));
        for (FlowRun run : flowRuns) {
            boolean nestedUnderKnownParent = run.parentTaskRunId() != null && placeholderOwners.contains(run.parentTaskRunId());
            if (!nestedUnderKnownParent) {
                renderFlowRun(runs, run, tasksByFlowRun, subflowsByTaskRun, "", out);
            }
        }
        List<TaskRun> loose = taskRuns.stream()
                .filter(t -> t.flowRunId() == null || !known.contains(t.flowRunId()))
                .collect(Collectors.toList());
        for (TaskRun task : loose) {
            out.append("task run ").append(describe(task)).append('\n');
            out.append("  states: ").append(history(runs.states(task))).append('\n');
        }
        return out.toString();
    }

    private static void renderFlowRun(TestRuns runs, FlowRun run, Map<UUID, List<TaskRun>> tasksByFlowRun,
            Map<UUID, List<FlowRun>> subflowsByTaskRun, String indent, StringBuilder out) {
        out.append(indent).append(run.parentTaskRunId() == null ? "flow run " : "subflow run ")
                .append(describe(run, runs.flowName(run))).append('\n');
        out.append(indent).append("  states: ").append(history(runs.states(run))).append('\n');
        for (TaskRun task : tasksByFlowRun.getOrDefault(run.id(), List.of())) {
            List<FlowRun> subflows = subflowsByTaskRun.get(task.id());
            if (subflows != null) {
                for (FlowRun subflow : subflows) {
                    renderFlowRun(runs, subflow, tasksByFlowRun, subflowsByTaskRun, indent + "  ", out);
                }
                continue;
            }
            out.append(indent).append("  task run ").append(describe(task)).append('\n');
            out.append(indent).append("    states: ").append(history(runs.states(task))).append('\n');
        }
        renderLogs(runs, run, indent + "  ", out); // a subflow's lines are its own run's: show them under it
    }

    private static void renderLogs(TestRuns runs, FlowRun run, String indent, StringBuilder out) {
        List<Log> logs = runs.logs(run);
        if (logs.isEmpty()) {
            return;
        }
        int from = Math.max(0, logs.size() - LAST_LOG_LINES);
        out.append(indent).append(from == 0 ? "logs:" : "last " + LAST_LOG_LINES + " of " + logs.size() + " log lines:")
                .append('\n');
        for (Log log : logs.subList(from, logs.size())) {
            out.append(indent).append("  ").append(time(log.timestamp())).append(' ')
                    .append(LEVELS.getOrDefault(log.level(), "LEVEL " + log.level())).append(' ')
                    .append(log.name() == null ? "" : log.name() + ": ")
                    .append(cut(log.message())).append('\n');
        }
    }

    /** Describes a flow run on one line: name, flow, state, run count, id. */
    public static String describe(FlowRun run, String flowName) {
        return "'" + run.name() + "' of flow '" + flowName + "' " + state(run.state(), run.stateType(), run.stateName())
                + (run.runCount() > 1 ? " after " + run.runCount() + " runs" : "") + " (id " + run.id() + ")";
    }

    /** Describes a task run on one line: name, state, run count. */
    public static String describe(TaskRun run) {
        return "'" + run.name() + "' " + state(run.state(), run.stateType(), run.stateName())
                + (run.runCount() > 1 ? " after " + run.runCount() + " runs" : "");
    }

    /** Renders states as a history: {@code 12:00:00.001 PENDING -> 12:00:00.002 RUNNING -> ...}. */
    public static String history(List<State> states) {
        if (states.isEmpty()) {
            return "none";
        }
        return states.stream().map(RunReport::state).collect(Collectors.joining(" -> "));
    }

    /** Renders one state with its time, type, name (if not the type's default) and message. */
    public static String state(State state) {
        StringBuilder out = new StringBuilder();
        if (state.timestamp() != null) {
            out.append(time(state.timestamp())).append(' ');
        }
        out.append(state.type());
        if (state.name() != null && state.type() != null && !state.name().equals(state.type().defaultName())) {
            out.append(" '").append(state.name()).append('\'');
        }
        if (state.message() != null && !state.message().isBlank()) {
            out.append(" (\"").append(cut(state.message())).append("\")");
        }
        return out.toString();
    }

    /** Renders a run's current state in brackets, from the state if the run has it, else from its type and name. */
    private static String state(State state, StateType type, String name) {
        if (state != null) {
            StringBuilder out = new StringBuilder("[").append(state.type());
            if (state.name() != null && state.type() != null && !state.name().equals(state.type().defaultName())) {
                out.append(" '").append(state.name()).append('\'');
            }
            if (state.message() != null && !state.message().isBlank()) {
                out.append(": ").append(cut(state.message()));
            }
            return out.append(']').toString();
        }
        return type == null ? "[no state]" : "[" + type + (name == null ? "" : " '" + name + "'") + "]";
    }

    private static String time(OffsetDateTime timestamp) {
        return timestamp == null ? "--:--:--.---" : TIME.format(timestamp.withOffsetSameInstant(ZoneOffset.UTC));
    }

    private static String cut(String message) {
        String oneLine = message.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() > MESSAGE_CHARS ? oneLine.substring(0, MESSAGE_CHARS) + "..." : oneLine;
    }
}
