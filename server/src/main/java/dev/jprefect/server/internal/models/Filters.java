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
 * having a matching flow run, flow runs of a matching flow, and so on. Filters on resources this
 * server does not store (work pools, work queues) match nothing, and so, for now, do the
 * {@code deployments} filters of other resources' read routes.
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
     * a model here would make their classes' initialization circular), and those of resources this
     * server filters on as unstored ({@code work_pools}, {@code work_pool_queues}, {@code work_queues}).
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
            case "deployments":
            case "work_pools":
            case "work_pool_queues":
            case "work_queues": return Bodies.UNSTORED_FILTER;
            default: throw new IllegalArgumentException("no filter of " + key);
        }
    }

    // ---- queries: the filters of a read route's body together ------------------------------

    static Condition<FlowRow> flowsQuery(Obj body) {
        if (unstored(body, "work_pools")) {
            return Condition.never();
        }
        Condition<FlowRow> flows = Condition.and(Flows.condition(body.obj("flows")),
                Deployments.matching(Column.<FlowRow>id(), Deployments.FLOW_ID, body));
        Obj runs = body.obj("flow_runs");
        Obj tasks = body.obj("task_runs");
        if (runs == null && tasks == null) {
            return flows;
        }
        Condition<FlowRunRow> runMatches = Condition.and(FlowRuns.condition(runs), hasTaskRun(tasks));
        return Condition.and(flows, Condition.exists(Column.<FlowRow>id(), FlowRunRow.TABLE, FlowRunRow.FLOW_ID, runMatches));
    }

    static Condition<FlowRunRow> flowRunsQuery(Obj body) {
        if (unstored(body, "work_pools", "work_pool_queues")) {
            return Condition.never();
        }
        List<Condition<FlowRunRow>> all = new ArrayList<>();
        all.add(FlowRuns.condition(body.obj("flow_runs")));
        all.add(Deployments.matching(FlowRunRow.DEPLOYMENT_ID, Column.<DeploymentRow>id(), body));
        Obj flows = body.obj("flows");
        if (flows != null) {
            all.add(Condition.exists(FlowRunRow.FLOW_ID, FlowRow.TABLE, Column.<FlowRow>id(), Flows.condition(flows)));
        }
        all.add(hasTaskRun(body.obj("task_runs")));
        return Condition.and(all);
    }

    static Condition<TaskRunRow> taskRunsQuery(Obj body) {
        Condition<TaskRunRow> tasks = TaskRuns.condition(body.obj("task_runs"));
        Condition<TaskRunRow> ofDeployment = body.raw("deployments") == null ? Condition.always()
                : Condition.exists(TaskRunRow.FLOW_RUN_ID, FlowRunRow.TABLE, Column.<FlowRunRow>id(),
                        Deployments.matching(FlowRunRow.DEPLOYMENT_ID, Column.<DeploymentRow>id(), body));
        return Condition.and(tasks, ofFlowRun(TaskRunRow.FLOW_RUN_ID, body), ofDeployment);
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

    /** The rows whose task run (in {@code taskRunId}) matches the body's {@code task_runs}; always without one. */
    static <R> Condition<R> ofTaskRun(Column<R, UUID> taskRunId, Obj body) {
        Obj tasks = body.obj("task_runs");
        return tasks == null ? Condition.always()
                : Condition.exists(taskRunId, TaskRunRow.TABLE, Column.<TaskRunRow>id(), TaskRuns.condition(tasks));
    }

    private static Condition<FlowRunRow> hasTaskRun(Obj taskFilter) {
        if (taskFilter == null) {
            return Condition.always();
        }
        return Condition.exists(Column.<FlowRunRow>id(), TaskRunRow.TABLE, TaskRunRow.FLOW_RUN_ID, TaskRuns.condition(taskFilter));
    }

    /** Returns true if the body filters on a resource this server does not store. */
    static boolean unstored(Obj body, String... keys) {
        for (String key : keys) {
            if (body.raw(key) != null) {
                return true;
            }
        }
        return false;
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
