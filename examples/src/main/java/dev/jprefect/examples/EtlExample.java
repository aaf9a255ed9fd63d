package dev.jprefect.examples;

import dev.jprefect.Flows;
import dev.jprefect.RunState;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientException;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.FlowRunFilter;
import dev.jprefect.client.schemas.FlowRunQuery;
import dev.jprefect.client.schemas.IdFilter;
import dev.jprefect.client.schemas.State;
import dev.jprefect.client.schemas.TaskRun;
import dev.jprefect.client.schemas.TaskRunFilter;
import dev.jprefect.client.schemas.TaskRunQuery;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs {@link SalesEtl#ETL} and prints what the server recorded: the flow run, its final state and
 * duration, and its task runs (and its subflow's) with their states.
 *
 * <p>With no {@code PREFECT_API_URL} the flow runs on the embedded server, started in-process on first
 * use; with one, it reports to that server, e.g. {@code bin/jprefect server start}'s at
 * {@code http://127.0.0.1:4200/api}.
 */
public final class EtlExample {

    private EtlExample() {
    }

    /** Runs the example; exits with status 1 if the flow run did not complete or the API is unreachable. */
    public static void main(String[] args) {
        int status;
        try {
            status = run();
        } catch (PrefectClientException e) {
            System.err.println("Cannot reach the Prefect API: " + e.getMessage());
            System.err.println("Start a server with `bin/jprefect server start`, or unset PREFECT_API_URL to use"
                    + " the embedded one.");
            status = 1;
        } finally {
            Flows.shutdown(); // sends the last logs and stops the embedded server
        }
        System.exit(status);
    }

    private static int run() {
        RunState<SalesEtl.LoadReport> state = SalesEtl.ETL.callForState(
                new SalesEtl.Params("orders.csv", "USD"));
        try (PrefectClient client = PrefectClient.create()) {
            FlowRun run = client.readFlowRun(state.runId());
            System.out.println();
            System.out.printf("Flow run '%s' of flow 'daily-sales-etl' (%s)%n", run.name(), run.id());
            System.out.printf("  API:         %s%n", client.apiUrl());
            System.out.printf("  parameters:  %s%n", run.parameters());
            System.out.printf("  final state: %s%s%n", state.name(),
                    state.message() == null ? "" : " - " + state.message());
            System.out.printf("  duration:    %s%n", duration(run));
            if (state.isCompleted()) {
                SalesEtl.LoadReport report = state.result();
                System.out.printf("  result:      %d orders loaded, %s %s; by country %s%n", report.orders(),
                        report.total(), report.currency(), report.revenueByCountry());
            }
            printTaskRuns(client, run, "  ");
            return state.isCompleted() ? 0 : 1;
        }
    }

    private static void printTaskRuns(PrefectClient client, FlowRun run, String indent) {
        List<TaskRun> taskRuns = client.readTaskRuns(TaskRunQuery.all()
                .withTaskRuns(TaskRunFilter.all().withFlowRunId(IdFilter.anyOf(run.id()))));
        taskRuns = taskRuns.stream().sorted(Comparator.comparing(TaskRun::created)
                .thenComparing(TaskRun::taskKey).thenComparing(t -> dynamicKeyOrder(t.dynamicKey())))
                .collect(Collectors.toList());
        System.out.printf("%stask runs (%d):%n", indent, taskRuns.size());
        for (TaskRun taskRun : taskRuns) {
            String history = client.readTaskRunStates(taskRun.id()).stream().map(State::name)
                    .collect(Collectors.joining(" -> "));
            System.out.printf("%s  %-16s %-10s %s%n", indent, taskRun.name(), taskRun.stateName(),
                    taskRun.runCount() > 1 || !"Pending -> Running -> Completed".equals(history) ? "(" + history + ")" : "");
            for (FlowRun child : client.readFlowRuns(FlowRunQuery.all().withFlowRuns(
                    FlowRunFilter.all().withParentTaskRunId(IdFilter.anyOf(taskRun.id()))))) {
                System.out.printf("%s    subflow run '%s': %s in %s%n", indent, child.name(), child.stateName(),
                        duration(child));
                printTaskRuns(client, child, indent + "      ");
            }
        }
    }

    /** Orders numeric dynamic keys as numbers ("2" before "10"). */
    private static long dynamicKeyOrder(String key) {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String duration(FlowRun run) {
        if (run.startTime() == null || run.endTime() == null) {
            return "-";
        }
        Duration d = Duration.between(run.startTime(), run.endTime());
        return String.format("%.3f s", d.toNanos() / 1e9);
    }
}
