package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.storage.ArtifactRow;
import dev.jprefect.server.internal.storage.Column;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.FlowRow;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.Query;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.StateType;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.TaskRunRow;
import dev.jprefect.server.internal.storage.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The graph of a flow run's task runs and subflow runs that the UI draws (Prefect's
 * {@code flow_run_graph_v2}): a node per task run that has started or is expected to (a subflow's
 * task run becomes its flow run's node), edges from the task runs named in each one's
 * {@code task_inputs} ({@code __parents__} are the encapsulating ones), the flow run's artifacts and
 * its states.
 */
public final class FlowRunGraphs {
    /** Raised when a graph has more nodes than allowed; Prefect answers 400 with its message. */
    public static final class TooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message, null, false, false);
        }
    }

    private static final String PARENTS_INPUT = "__parents__";
    private final Storage storage;

    FlowRunGraphs(Storage storage) {
        this.storage = storage;
    }

    /**
     * Returns the graph of the flow run {@code id}, with the nodes that end at or after
     * {@code since} (or have not ended); empty if there is no such flow run.
     *
     * @throws TooLargeException if it has more than {@code maxNodes} nodes
     */
    public Optional<Map<String, Object>> read(UUID id, Instant since, int maxNodes, int maxArtifacts) {
        return storage.read(tx -> tx.table(FlowRunRow.TABLE).get(id).map(run -> {
            Map<UUID, List<Object>> artifacts = artifacts(tx, id, maxArtifacts);
            List<NodeRow> nodes = nodes(tx, id);
            Map<UUID, Set<UUID>> parents = new LinkedHashMap<>();
            Map<UUID, Set<UUID>> children = new LinkedHashMap<>();
            Map<UUID, Set<UUID>> encapsulating = new LinkedHashMap<>();
            Set<UUID> nodeIds = new LinkedHashSet<>();
            nodes.forEach(n -> nodeIds.add(n.id));
            for (NodeRow node : nodes) {
                for (Map.Entry<String, Object> input : node.inputs.entrySet()) {
                    for (UUID parent : referencedIds(input.getValue())) {
                        if (!nodeIds.contains(parent)) {
                            continue; // an edge needs both ends among the nodes
                        }
                        if (input.getKey().equals(PARENTS_INPUT)) {
                            encapsulating.computeIfAbsent(node.id, k -> new LinkedHashSet<>()).add(parent);
                        } else {
                            parents.computeIfAbsent(node.id, k -> new LinkedHashSet<>()).add(parent);
                            children.computeIfAbsent(parent, k -> new LinkedHashSet<>()).add(node.id);
                        }
                    }
                }
            }
            List<Object> rootIds = new ArrayList<>();
            List<Object> pairs = new ArrayList<>();
            List<NodeRow> shown = nodes.stream()
                    .filter(n -> n.endTime == null || !n.endTime.isBefore(since))
                    .sorted(Comparator.comparing((NodeRow n) -> n.startTime)
                            .thenComparing(n -> n.endTime, Comparator.nullsLast(Comparator.naturalOrder())))
                    .toList();
            for (NodeRow node : shown) {
                if (!parents.containsKey(node.id)) {
                    rootIds.add(node.id);
                }
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("kind", node.kind);
                view.put("id", node.id);
                view.put("label", node.label);
                view.put("state_type", node.stateType);
                view.put("start_time", node.startTime);
                view.put("end_time", node.endTime);
                view.put("parents", edges(parents.get(node.id)));
                view.put("children", edges(children.get(node.id)));
                view.put("encapsulating", edges(encapsulating.get(node.id)));
                view.put("artifacts", artifacts.getOrDefault(node.id, List.of()));
                pairs.add(List.of(node.id, view));
                if (pairs.size() > maxNodes) {
                    throw new TooLargeException("The graph of flow run " + id + " has more than " + maxNodes + " nodes.");
                }
            }
            Map<String, Object> graph = new LinkedHashMap<>();
            graph.put("start_time", run.startTime != null ? run.startTime : run.expectedStartTime);
            graph.put("end_time", run.endTime);
            graph.put("root_node_ids", rootIds);
            graph.put("nodes", pairs);
            graph.put("artifacts", artifacts.getOrDefault(null, List.of()));
            graph.put("states", states(tx, id));
            return graph;
        }));
    }

    /** A task run of the flow run as a node: the task run itself, or the subflow run it stands for. */
    private record NodeRow(String kind, UUID id, String label, StateType stateType, Instant startTime, Instant endTime,
            Map<String, Object> inputs) {
    }

    private static List<NodeRow> nodes(Transaction tx, UUID flowRunId) {
        List<NodeRow> nodes = new ArrayList<>();
        for (TaskRunRow task : tx.table(TaskRunRow.TABLE).findAll(TaskRunRow.BY_FLOW_RUN, flowRunId)) {
            Optional<FlowRunRow> subflow = tx.table(FlowRunRow.TABLE).findAll(FlowRunRow.BY_PARENT_TASK_RUN, task.id)
                    .stream().findFirst();
            Instant start = subflow.map(f -> f.startTime != null ? f.startTime : f.expectedStartTime)
                    .orElse(null);
            if (start == null) {
                start = task.startTime != null ? task.startTime : task.expectedStartTime;
            }
            if (start == null) {
                continue; // neither started nor expected to: not drawn
            }
            Map<String, Object> inputs = task.taskInputs == null ? Map.of() : task.taskInputs;
            if (subflow.isPresent()) {
                FlowRunRow f = subflow.get();
                String flowName = tx.table(FlowRow.TABLE).get(f.flowId).map(flow -> flow.name).orElse(null);
                Instant end = f.endTime != null ? f.endTime : task.endTime;
                nodes.add(new NodeRow("flow-run", f.id, flowName == null ? task.name : flowName + " / " + f.name,
                        f.stateType() != null ? f.stateType() : task.stateType(), start, end, inputs));
            } else {
                Instant end = task.endTime != null ? task.endTime
                        : task.stateType() == StateType.COMPLETED ? task.expectedStartTime : null;
                nodes.add(new NodeRow("task-run", task.id, task.name, task.stateType(), start, end, inputs));
            }
        }
        return nodes;
    }

    /** The ids in a task input's value: a list of {@code {"input_type": ..., "id": ...}} references. */
    private static List<UUID> referencedIds(Object value) {
        List<UUID> ids = new ArrayList<>();
        if (value instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> ref && ref.get("id") != null) {
                    try {
                        ids.add(UUID.fromString(ref.get("id").toString()));
                    } catch (IllegalArgumentException e) {
                        // not a run reference: no edge, as Prefect's join finds no node for it
                    }
                }
            }
        }
        return ids;
    }

    private static List<Object> edges(Set<UUID> ids) {
        List<Object> edges = new ArrayList<>();
        if (ids != null) {
            ids.forEach(id -> edges.add(Map.of("id", id)));
        }
        return edges;
    }

    /** The flow run's artifacts (results left out), oldest first, at most {@code max}, by task run id (null: the flow run's own). */
    private static Map<UUID, List<Object>> artifacts(Transaction tx, UUID flowRunId, int max) {
        Query<ArtifactRow> query = Query.of(Condition.in(Artifacts.FLOW_RUN_ID, List.of(flowRunId)))
                .orderBy(List.of(Order.asc(Column.created())))
                .page(0L, max);
        Map<UUID, List<Object>> byTask = new LinkedHashMap<>();
        for (ArtifactRow artifact : tx.table(ArtifactRow.TABLE).find(query)) {
            if ("result".equals(artifact.type)) {
                continue;
            }
            boolean latest = artifact.key == null || tx.table(ArtifactRow.COLLECTION)
                    .findUnique(ArtifactRow.BY_UNIQUE_KEY, artifact.key)
                    .map(c -> Objects.equals(c.latestId, artifact.id)).orElse(false);
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", artifact.id);
            view.put("created", artifact.created);
            view.put("key", artifact.key);
            view.put("type", artifact.type);
            view.put("is_latest", latest);
            view.put("data", "progress".equals(artifact.type) ? artifact.data : null);
            byTask.computeIfAbsent(artifact.taskRunId, k -> new ArrayList<>()).add(view);
        }
        return byTask;
    }

    private static List<Object> states(Transaction tx, UUID flowRunId) {
        List<Object> states = new ArrayList<>();
        tx.table(StateRow.FLOW_RUN_STATES).findAll(StateRow.BY_RUN, flowRunId).stream()
                .sorted(Comparator.comparing((StateRow s) -> s.timestamp))
                .forEach(s -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("id", s.id);
                    view.put("timestamp", s.timestamp);
                    view.put("type", s.type);
                    view.put("name", s.name);
                    states.add(view);
                });
        return states;
    }
}
