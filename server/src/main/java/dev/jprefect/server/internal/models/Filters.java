package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.Column;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.DeploymentRow;
import dev.jprefect.server.internal.storage.FlowRow;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.RunRow;
import dev.jprefect.server.internal.storage.TaskRunRow;
import dev.jprefect.server.internal.storage.WorkQueueRow;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The filters of several resources a list route's body holds: the bodies' filter objects
 * ({@link #withFilters}, each resource's made by its {@link FieldTable}), and the joins of their
 * storage {@link Condition}s, with SQL's rules: a condition on a missing value is false, and an
 * object's conditions combine with its {@code operator} ({@code and_} unless it says {@code or_}).
 *
 * <p>The {@code *Query} methods join filters across resources as Prefect's read routes do: flows
 * having a matching flow run, flow runs of a matching flow, runs in a queue of a matching work
 * pool, and so on.
 */
final class Filters {
    private Filters() {
    }

    // ---- bodies: the filters of other resources a list route takes --------------------------

    /**
     * Adds to a list route's body (count, filter, paginate, history, bulk delete, ...) the filter
     * object of each resource in {@code keys}, in that order: {@code flows}, {@code flow_runs},
     * {@code task_runs}, {@code deployments} (held unchecked here and validated when the query is
     * made, see {@link Deployments#matching}: the deployments' own bodies hold the other filters, so
     * a model here would make their classes' initialization circular), {@code work_pools},
     * {@code work_pool_queues} and {@code work_queues}.
     */
    static Schema.Model withFilters(Schema.Model body, String... keys) {
        for (String key : keys) {
            body.optional(key, filterModel(key));
        }
        return body;
    }

    /**
     * Returns the body of a run's read route ({@code filter} or, if {@code paginated},
     * {@code paginate}) in Prefect's order: {@code sort} (its schema and default), {@code offset}
     * (or {@code page}), the filters of {@code keys}, {@code limit}.
     */
    static Schema runsReadBody(String name, Schema sort, String defaultSort, boolean paginated, String... keys) {
        Schema.Model body = Schema.object(name).optional("sort", sort, defaultSort);
        body = paginated ? body.optional("page", Schema.integer().atLeast(1), 1L)
                : body.optional("offset", Schema.integer().atLeast(0), 0L);
        return withFilters(body, keys).optional("limit", Bodies.LIMIT);
    }

    /** Returns the filter model a list body's {@code key} holds (read when the resources' bodies are made). */
    private static Schema filterModel(String key) {
        switch (key) {
            case "flows": return Flows.FILTER_MODEL;
            case "flow_runs": return FlowRuns.FILTER_MODEL;
            case "task_runs": return TaskRuns.FILTER_MODEL;
            case "deployments": return Bodies.UNCHECKED_FILTER;
            case "work_pools": return WorkPools.POOL_FILTER_MODEL;
            case "work_pool_queues":
            case "work_queues": return WorkPools.QUEUE_FILTER_MODEL;
            default: throw new IllegalArgumentException("no filter of " + key);
        }
    }

    // ---- queries: the filters of a read route's body together ------------------------------

    /**
     * The flows a body selects: their own filter, with a deployment matching the {@code deployments}
     * filter whose queue is in a pool matching {@code work_pools} (one deployment for both, as
     * Prefect joins them), with a flow run matching {@code flow_runs} that has a task run matching
     * {@code task_runs}.
     */
    static Condition<FlowRow> flowsQuery(Obj body) {
        Condition<FlowRow> flows = Condition.and(Flows.condition(body.obj("flows")),
                Deployments.matching(Column.<FlowRow>id(), Deployments.FLOW_ID, body, body.obj("work_pools")));
        Obj runs = body.obj("flow_runs");
        Obj tasks = body.obj("task_runs");
        if (runs == null && tasks == null) {
            return flows;
        }
        Condition<FlowRunRow> runMatches = Condition.and(FlowRuns.condition(runs), hasTaskRun(tasks));
        return Condition.and(flows, Condition.exists(Column.<FlowRow>id(), FlowRunRow.TABLE, FlowRunRow.FLOW_ID, runMatches));
    }

    /**
     * The flow runs a body selects: their own filter, of a deployment matching {@code deployments},
     * in a work queue matching {@code work_pool_queues} (the flow run routes' name) or
     * {@code work_queues} (the history's) of a pool matching {@code work_pools}, of a flow matching
     * {@code flows}, with a task run matching {@code task_runs}.
     */
    static Condition<FlowRunRow> flowRunsQuery(Obj body) {
        List<Condition<FlowRunRow>> all = new ArrayList<>();
        all.add(FlowRuns.condition(body.obj("flow_runs")));
        all.add(Deployments.matching(FlowRunRow.DEPLOYMENT_ID, Column.<DeploymentRow>id(), body));
        all.add(inWorkQueue(FlowRunRow.WORK_QUEUE_ID, body));
        Obj flows = body.obj("flows");
        if (flows != null) {
            all.add(Condition.exists(FlowRunRow.FLOW_ID, FlowRow.TABLE, Column.<FlowRow>id(), Flows.condition(flows)));
        }
        all.add(hasTaskRun(body.obj("task_runs")));
        return Condition.and(all);
    }

    /**
     * The task runs a body selects: their own filter, of a flow run matching {@code flow_runs} of a
     * flow matching {@code flows}, of a deployment matching {@code deployments}, in a queue matching
     * {@code work_queues} of a pool matching {@code work_pools} (the dashboard's and the history's
     * bodies hold those two).
     */
    static Condition<TaskRunRow> taskRunsQuery(Obj body) {
        Condition<TaskRunRow> tasks = TaskRuns.condition(body.obj("task_runs"));
        Condition<TaskRunRow> ofQueue = queues(body) == null ? Condition.always()
                : Condition.exists(TaskRunRow.FLOW_RUN_ID, FlowRunRow.TABLE, Column.<FlowRunRow>id(),
                        inWorkQueue(FlowRunRow.WORK_QUEUE_ID, body));
        return Condition.and(tasks, ofFlowRun(TaskRunRow.FLOW_RUN_ID, body), ofDeployment(TaskRunRow.FLOW_RUN_ID, body), ofQueue);
    }

    /**
     * The rows whose work queue (in {@code queueId}) matches the body's {@code work_pool_queues} or
     * {@code work_queues} and is in a pool matching its {@code work_pools}; always, if it has none
     * of them. An empty filter object is a filter too, as in Prefect: it selects the rows in a queue.
     */
    static <R> Condition<R> inWorkQueue(Column<R, UUID> queueId, Obj body) {
        Condition<WorkQueueRow> queues = queues(body);
        return queues == null ? Condition.always() : Condition.exists(queueId, WorkQueueRow.TABLE, Column.<WorkQueueRow>id(), queues);
    }

    /** The work queues the body's queue and pool filters select, or null if it has neither. */
    private static Condition<WorkQueueRow> queues(Obj body) {
        Obj queues = body.obj("work_pool_queues") != null ? body.obj("work_pool_queues") : body.obj("work_queues");
        Obj pools = body.obj("work_pools");
        return queues == null && pools == null ? null : WorkPools.queues(queues, pools);
    }

    /**
     * The rows whose flow run (in {@code flowRunId}) matches the body's {@code flow_runs} and whose
     * flow matches its {@code flows}; always, if the body has neither.
     */
    static <R> Condition<R> ofFlowRun(Column<R, UUID> flowRunId, Obj body) {
        Obj flows = body.obj("flows");
        Obj runs = body.obj("flow_runs");
        if (flows == null && runs == null) {
            return Condition.always();
        }
        Condition<FlowRunRow> runMatches = FlowRuns.condition(runs);
        if (flows != null) {
            runMatches = Condition.and(runMatches,
                    Condition.exists(FlowRunRow.FLOW_ID, FlowRow.TABLE, Column.<FlowRow>id(), Flows.condition(flows)));
        }
        return Condition.exists(flowRunId, FlowRunRow.TABLE, Column.<FlowRunRow>id(), runMatches);
    }

    /**
     * The rows whose flow run (in {@code flowRunId}) is of a deployment matching the body's
     * {@code deployments}; always, if it has none.
     */
    static <R> Condition<R> ofDeployment(Column<R, UUID> flowRunId, Obj body) {
        return body.raw("deployments") == null ? Condition.always()
                : Condition.exists(flowRunId, FlowRunRow.TABLE, Column.<FlowRunRow>id(),
                        Deployments.matching(FlowRunRow.DEPLOYMENT_ID, Column.<DeploymentRow>id(), body));
    }

    /** The rows whose task run (in {@code taskRunId}) matches the body's {@code task_runs}; always without one. */
    static <R> Condition<R> ofTaskRun(Column<R, UUID> taskRunId, Obj body) {
        Obj tasks = body.obj("task_runs");
        return tasks == null ? Condition.always()
                : Condition.exists(taskRunId, TaskRunRow.TABLE, Column.<TaskRunRow>id(), TaskRuns.condition(tasks));
    }

    /** The flow runs with a task run matching {@code taskFilter}; always without one. */
    static Condition<FlowRunRow> hasTaskRun(Obj taskFilter) {
        if (taskFilter == null) {
            return Condition.always();
        }
        return Condition.exists(Column.<FlowRunRow>id(), TaskRunRow.TABLE, TaskRunRow.FLOW_RUN_ID, TaskRuns.condition(taskFilter));
    }

    // ---- building blocks -----------------------------------------------------------------

    /** A run's {@code state} filter: its type and name {@code any_} and {@code not_any_}, combined by its operator. */
    static <R extends RunRow<R>> Condition<R> state(Obj f) {
        if (f == null) {
            return null;
        }
        Conditions<R> c = new Conditions<>(f);
        Obj type = f.obj("type");
        if (type != null) {
            c.add(in(type.list("any_"), RunRow.<R>currentStateType()));
            c.add(notIn(type.list("not_any_"), RunRow.<R>currentStateType()));
        }
        Obj name = f.obj("name");
        if (name != null) {
            c.add(in(name.list("any_"), RunRow.<R>currentStateName()));
            c.add(notIn(name.list("not_any_"), RunRow.<R>currentStateName()));
        }
        return c.build();
    }

    /** {@code column IN values}, or null (no condition) when {@code values} is null. */
    static <R> Condition<R> in(List<?> values, Column<R, ?> column) {
        return values == null ? null : Condition.in(column, values);
    }

    /** {@code column NOT IN values}, or null (no condition) when {@code values} is null. */
    static <R> Condition<R> notIn(List<?> values, Column<R, ?> column) {
        return values == null ? null : Condition.notIn(column, values);
    }

    /** Conditions of one filter object, combined with its operator; no condition matches everything. */
    static final class Conditions<R> {
        private final boolean or;
        private final List<Condition<R>> conditions = new ArrayList<>();

        Conditions(Obj filter) {
            this.or = filter != null && "or_".equals(filter.string("operator"));
        }

        void add(Condition<R> condition) {
            if (condition != null) {
                conditions.add(condition);
            }
        }

        Condition<R> build() {
            return or ? Condition.or(conditions) : Condition.and(conditions);
        }
    }
}
