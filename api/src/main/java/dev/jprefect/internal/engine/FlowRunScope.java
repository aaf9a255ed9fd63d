package dev.jprefect.internal.engine;

import dev.jprefect.client.schemas.FlowRun;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** One flow run while it runs: the run, its task runner, its tasks' dynamic keys and its result lineage. */
final class FlowRunScope {
    private final FlowRun flowRun;
    private final TaskRunner runner;
    private final Lineage lineage = new Lineage();
    private final Map<String, AtomicInteger> dynamicKeys = new ConcurrentHashMap<>();

    FlowRunScope(FlowRun flowRun, int taskRunnerThreads) {
        this.flowRun = flowRun;
        this.runner = new TaskRunner(flowRun.name(), taskRunnerThreads);
    }

    FlowRun flowRun() {
        return flowRun;
    }

    TaskRunner runner() {
        return runner;
    }

    Lineage lineage() {
        return lineage;
    }

    /** Returns the next dynamic key of the task {@code taskKey} in this flow run: "0", "1", ... */
    String nextDynamicKey(String taskKey) {
        return Integer.toString(dynamicKeys.computeIfAbsent(taskKey, k -> new AtomicInteger()).getAndIncrement());
    }
}
