package dev.jprefect.harness.internal;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.Event;
import dev.jprefect.client.schemas.Flow;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.FlowRunFilter;
import dev.jprefect.client.schemas.FlowRunQuery;
import dev.jprefect.client.schemas.IdFilter;
import dev.jprefect.client.schemas.JsonCodec;
import dev.jprefect.client.schemas.Log;
import dev.jprefect.client.schemas.LogFilter;
import dev.jprefect.client.schemas.LogQuery;
import dev.jprefect.client.schemas.LogSort;
import dev.jprefect.client.schemas.State;
import dev.jprefect.client.schemas.TaskRun;
import dev.jprefect.client.schemas.TaskRunFilter;
import dev.jprefect.client.schemas.TaskRunQuery;
import dev.jprefect.harness.TestRuns;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@link TestRuns} over a client: every run of the server, or only those whose ids a supplier
 * gives (a session's). Reads page by page, never more than the server's page limit at a time.
 */
final class RealTestRuns implements TestRuns {

    private static final Comparator<FlowRun> FLOW_RUN_ORDER =
            Comparator.comparing(FlowRun::created, Comparator.nullsLast(Comparator.<OffsetDateTime>naturalOrder()));
    private static final Comparator<TaskRun> TASK_RUN_ORDER =
            Comparator.comparing(TaskRun::created, Comparator.nullsLast(Comparator.<OffsetDateTime>naturalOrder()));
    private static final Comparator<State> STATE_ORDER =
            Comparator.comparing(State::timestamp, Comparator.nullsLast(Comparator.<OffsetDateTime>naturalOrder()));

    private static final JsonCodec CODEC = JsonCodec.standard();

    private final PrefectClient client;
    private final int pageSize;
    private final Supplier<List<UUID>> flowRunIds; // null: every flow run
    private final Supplier<List<UUID>> taskRunIds; // null: every task run
    private final Map<UUID, String> flowNames = new ConcurrentHashMap<>();

    private RealTestRuns(PrefectClient client, int pageSize, Supplier<List<UUID>> flowRunIds,
            Supplier<List<UUID>> taskRunIds) {
        this.client = client;
        this.pageSize = pageSize;
        this.flowRunIds = flowRunIds;
        this.taskRunIds = taskRunIds;
    }

    /** Returns queries over every run of the server {@code client} talks to. */
    static RealTestRuns all(PrefectClient client, int pageSize) {
        return new RealTestRuns(client, pageSize, null, null);
    }

    /** Returns queries over the runs whose ids the suppliers give, in their order. */
    static RealTestRuns only(PrefectClient client, int pageSize, Supplier<List<UUID>> flowRunIds,
            Supplier<List<UUID>> taskRunIds) {
        return new RealTestRuns(client, pageSize, flowRunIds, taskRunIds);
    }

    @Override
    public List<FlowRun> flowRuns() {
        if (flowRunIds == null) {
            List<FlowRun> all = pages(offset -> client.readFlowRuns(
                    FlowRunQuery.all().withOffset(offset).withLimit(pageSize)));
            all.sort(FLOW_RUN_ORDER);
            return all;
        }
        return byIds(flowRunIds.get(), chunk -> client.readFlowRuns(FlowRunQuery.all()
                .withFlowRuns(FlowRunFilter.all().withId(IdFilter.anyOf(chunk))).withLimit(pageSize)), FlowRun::id);
    }

    @Override
    public List<FlowRun> flowRuns(String flowName) {
        Objects.requireNonNull(flowName, "flowName");
        return flowRuns().stream().filter(run -> flowName.equals(flowName(run))).collect(Collectors.toList());
    }

    @Override
    public FlowRun flowRun(String flowName) {
        List<FlowRun> matches = flowRuns(flowName);
        if (matches.size() != 1) {
            throw new NoSuchElementException((matches.isEmpty() ? "no flow run" : matches.size() + " flow runs")
                    + " of flow '" + flowName + "' (expected exactly one); flow runs: " + describeFlowRuns(flowRuns()));
        }
        return matches.get(0);
    }

    @Override
    public FlowRun onlyFlowRun() {
        List<FlowRun> all = flowRuns();
        List<FlowRun> top = all.stream().filter(run -> run.parentTaskRunId() == null).collect(Collectors.toList());
        if (top.size() != 1) {
            throw new NoSuchElementException((top.isEmpty() ? "no flow run" : top.size() + " flow runs")
                    + " outside subflows (expected exactly one); flow runs: " + describeFlowRuns(all));
        }
        return top.get(0);
    }

    @Override
    public List<FlowRun> subflowRuns(FlowRun parent) {
        Set<UUID> parentTasks = new HashSet<>();
        for (TaskRun task : taskRuns(parent)) {
            parentTasks.add(task.id());
        }
        return flowRuns().stream()
                .filter(run -> run.parentTaskRunId() != null && parentTasks.contains(run.parentTaskRunId()))
                .collect(Collectors.toList());
    }

    @Override
    public List<TaskRun> taskRuns() {
        if (taskRunIds == null) {
            List<TaskRun> all = pages(offset -> client.readTaskRuns(
                    TaskRunQuery.all().withOffset(offset).withLimit(pageSize)));
            all.sort(TASK_RUN_ORDER);
            return all;
        }
        return byIds(taskRunIds.get(), chunk -> client.readTaskRuns(TaskRunQuery.all()
                .withTaskRuns(TaskRunFilter.all().withId(IdFilter.anyOf(chunk))).withLimit(pageSize)), TaskRun::id);
    }

    @Override
    public List<TaskRun> taskRuns(FlowRun flowRun) {
        UUID id = flowRun.id();
        List<TaskRun> runs = pages(offset -> client.readTaskRuns(TaskRunQuery.all()
                .withTaskRuns(TaskRunFilter.all().withFlowRunId(IdFilter.anyOf(id)))
                .withOffset(offset).withLimit(pageSize)));
        runs.sort(TASK_RUN_ORDER);
        return runs;
    }

    @Override
    public TaskRun taskRun(FlowRun flowRun, String taskName) {
        Objects.requireNonNull(taskName, "taskName");
        List<TaskRun> all = taskRuns(flowRun);
        List<TaskRun> matches = all.stream().filter(run -> isRunOf(run, taskName)).collect(Collectors.toList());
        if (matches.size() != 1) {
            throw new NoSuchElementException((matches.isEmpty() ? "no task run" : matches.size() + " task runs")
                    + " of task '" + taskName + "' in flow run '" + flowRun.name() + "' (expected exactly one); its task runs: "
                    + (all.isEmpty() ? "none" : all.stream().map(RunReport::describe).collect(Collectors.joining(", "))));
        }
        return matches.get(0);
    }

    /** Returns true if {@code run} is a run of the task named {@code taskName}: {@code name} or {@code name-N}. */
    static boolean isRunOf(TaskRun run, String taskName) {
        String name = run.name();
        return name != null && (name.equals(taskName) || Pattern.matches(Pattern.quote(taskName) + "-\\d+", name));
    }

    @Override
    public FlowRun reload(FlowRun flowRun) {
        return client.readFlowRun(flowRun.id());
    }

    @Override
    public TaskRun reload(TaskRun taskRun) {
        return client.readTaskRun(taskRun.id());
    }

    @Override
    public String flowName(FlowRun flowRun) {
        return flowNames.computeIfAbsent(flowRun.flowId(), id -> {
            Flow flow = client.readFlow(id);
            return flow.name();
        });
    }

    @Override
    public List<State> states(FlowRun flowRun) {
        List<State> states = new ArrayList<>(client.readFlowRunStates(flowRun.id()));
        states.sort(STATE_ORDER);
        return states;
    }

    @Override
    public List<State> states(TaskRun taskRun) {
        List<State> states = new ArrayList<>(client.readTaskRunStates(taskRun.id()));
        states.sort(STATE_ORDER);
        return states;
    }

    @Override
    public List<Log> logs(FlowRun flowRun) {
        UUID id = flowRun.id();
        return pages(offset -> client.readLogs(LogQuery.of(LogFilter.all().withFlowRunId(IdFilter.anyOf(id)))
                .withSort(LogSort.TIMESTAMP_ASC).withOffset(offset).withLimit(pageSize)));
    }

    /** At most this many pages of events are read for one run (50 events each, Prefect's page size). */
    static final int MAX_EVENT_PAGES = 100;

    @Override
    public List<Event> events(FlowRun flowRun) {
        String filter = "{\"filter\":{\"any_resource\":{\"id\":[\"prefect.flow-run." + flowRun.id()
                + "\"]},\"order\":\"ASC\"}}";
        ApiResponse page = client.send(ApiRequest.builder("POST", URI.create("events/filter"))
                .header("Content-Type", "application/json").body(filter).build());
        List<Event> events = new ArrayList<>();
        for (int pages = 1; ; pages++) {
            Map<?, ?> body = CODEC.fromJson(page.bodyAsString(), Map.class);
            events.addAll(CODEC.listFromJson(CODEC.toJson(body.get("events")), Event.class));
            Object next = body.get("next_page");
            if (!(next instanceof String link) || pages >= MAX_EVENT_PAGES) {
                return events;
            }
            String below = link.substring(link.indexOf("/api/") + "/api/".length()); // relative to the client's API URL
            page = client.send(ApiRequest.builder("GET", URI.create(below)).build());
        }
    }

    @Override
    public String report() {
        return RunReport.render(this);
    }

    @Override
    public PrefectClient client() {
        return client;
    }

    private String describeFlowRuns(List<FlowRun> runs) {
        if (runs.isEmpty()) {
            return "none";
        }
        return runs.stream().map(run -> RunReport.describe(run, flowName(run))).collect(Collectors.joining(", "));
    }

    /** Reads page after page until a short one. */
    private <T> List<T> pages(IntFunction<List<T>> page) {
        List<T> all = new ArrayList<>();
        for (int offset = 0; ; offset += pageSize) {
            List<T> one = page.apply(offset);
            all.addAll(one);
            if (one.size() < pageSize) {
                return all;
            }
        }
    }

    /** Reads the runs with {@code ids}, a page of ids at a time, and returns them in the order of {@code ids}. */
    private <T> List<T> byIds(List<UUID> ids, Function<List<UUID>, List<T>> read, Function<T, UUID> idOf) {
        Map<UUID, T> found = new ConcurrentHashMap<>();
        for (int from = 0; from < ids.size(); from += pageSize) {
            for (T run : read.apply(ids.subList(from, Math.min(ids.size(), from + pageSize)))) {
                found.put(idOf.apply(run), run);
            }
        }
        List<T> ordered = new ArrayList<>(found.size());
        for (UUID id : ids) {
            T run = found.get(id);
            if (run != null) {
                ordered.add(run);
            }
        }
        return ordered;
    }
}
