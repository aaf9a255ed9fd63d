package dev.jprefect.server.internal.api;

import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.storage.FlowRow;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.LogRow;
import dev.jprefect.server.internal.storage.RunRow;
import dev.jprefect.server.internal.storage.Tables;
import dev.jprefect.server.internal.storage.TaskRunRow;
import dev.jprefect.server.internal.storage.VariableRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Prefect's filter objects ({@code FlowFilter}, {@code FlowRunFilter}, {@code TaskRunFilter},
 * {@code LogFilter}, {@code VariableFilter}) as predicates over rows, with SQL's rules: a
 * condition on a missing value is false, {@code like_} is a case-insensitive substring match,
 * {@code before_} and {@code after_} include their bound, and an object's conditions combine with
 * its {@code operator} ({@code and_} unless it says {@code or_}).
 *
 * <p>The {@code *Query} methods join filters across resources as Prefect's read routes do: flows
 * having a matching flow run, flow runs of a matching flow, and so on. Filters on resources this
 * server does not store (deployments, work pools, work queues) match nothing.
 */
final class Filters {
    private final Tables tables;

    Filters(Tables tables) {
        this.tables = tables;
    }

    // ---- queries: the filters of a read route's body together ------------------------------

    Predicate<FlowRow> flowsQuery(Obj body) {
        if (unstored(body, "deployments", "work_pools")) {
            return f -> false;
        }
        Predicate<FlowRow> p = flow(body.obj("flows"));
        Obj runs = body.obj("flow_runs");
        Obj tasks = body.obj("task_runs");
        if (runs == null && tasks == null) {
            return p;
        }
        Predicate<FlowRunRow> runMatches = flowRun(runs).and(hasTaskRun(tasks));
        return p.and(f -> tables.flowRuns().findAll(FlowRunRow.BY_FLOW, f.id).stream().anyMatch(runMatches));
    }

    Predicate<FlowRunRow> flowRunsQuery(Obj body) {
        if (unstored(body, "deployments", "work_pools", "work_pool_queues")) {
            return r -> false;
        }
        Predicate<FlowRunRow> p = flowRun(body.obj("flow_runs"));
        Obj flows = body.obj("flows");
        if (flows != null) {
            Predicate<FlowRow> flowMatches = flow(flows);
            p = p.and(r -> tables.flows().get(r.flowId).filter(flowMatches).isPresent());
        }
        Obj tasks = body.obj("task_runs");
        return tasks == null ? p : p.and(hasTaskRun(tasks));
    }

    Predicate<TaskRunRow> taskRunsQuery(Obj body) {
        if (unstored(body, "deployments")) {
            return t -> false;
        }
        Predicate<TaskRunRow> p = taskRun(body.obj("task_runs"));
        Obj flows = body.obj("flows");
        Obj runs = body.obj("flow_runs");
        if (flows == null && runs == null) {
            return p;
        }
        Predicate<FlowRunRow> runMatches = flowRun(runs);
        Predicate<FlowRow> flowMatches = flow(flows);
        return p.and(t -> {
            Optional<FlowRunRow> run = t.flowRunId == null ? Optional.empty() : tables.flowRuns().get(t.flowRunId);
            return run.filter(runMatches).isPresent()
                    && (flows == null || tables.flows().get(run.get().flowId).filter(flowMatches).isPresent());
        });
    }

    private Predicate<FlowRunRow> hasTaskRun(Obj taskFilter) {
        if (taskFilter == null) {
            return r -> true;
        }
        Predicate<TaskRunRow> taskMatches = taskRun(taskFilter);
        return r -> tables.taskRuns().findAll(TaskRunRow.BY_FLOW_RUN, r.id).stream().anyMatch(taskMatches);
    }

    private static boolean unstored(Obj body, String... keys) {
        for (String key : keys) {
            if (body.raw(key) != null) {
                return true;
            }
        }
        return false;
    }

    // ---- one resource each ---------------------------------------------------------------

    Predicate<FlowRow> flow(Obj f) {
        Conditions<FlowRow> c = new Conditions<>(f);
        if (f == null) {
            return c.build();
        }
        c.add(ids(f.obj("id"), r -> r.id));
        Obj deployment = f.obj("deployment");
        if (deployment != null) {
            Boolean isNull = deployment.bool("is_null_");
            // no flow has a deployment here
            c.add(isNull == null ? null : r -> isNull);
        }
        c.add(names(f.obj("name"), r -> r.name));
        c.add(tags(f.obj("tags"), r -> r.tags));
        return c.build();
    }

    Predicate<FlowRunRow> flowRun(Obj f) {
        Conditions<FlowRunRow> c = new Conditions<>(f);
        if (f == null) {
            return c.build();
        }
        c.add(ids(f.obj("id"), r -> r.id));
        c.add(names(f.obj("name"), r -> r.name));
        c.add(tags(f.obj("tags"), r -> r.tags));
        c.add(optionalIn(f.obj("deployment_id"), r -> r.deploymentId));
        c.add(optionalIn(f.obj("work_queue_name"), r -> r.workQueueName));
        c.add(state(f.obj("state")));
        Obj version = f.obj("flow_version");
        if (version != null) {
            c.add(in(version.list("any_"), r -> r.flowVersion));
        }
        c.add(times(f.obj("start_time"), r -> r.startTime));
        c.add(times(f.obj("end_time"), r -> r.endTime));
        c.add(times(f.obj("expected_start_time"), r -> r.expectedStartTime));
        c.add(times(f.obj("next_scheduled_start_time"), r -> r.nextScheduledStartTime));
        Obj parentFlowRun = f.obj("parent_flow_run_id");
        if (parentFlowRun != null && parentFlowRun.list("any_") != null) {
            List<UUID> parents = parentFlowRun.list("any_");
            c.add(r -> r.parentTaskRunId != null && tables.taskRuns().get(r.parentTaskRunId)
                    .map(t -> parents.contains(t.flowRunId)).orElse(false));
        }
        c.add(optionalIn(f.obj("parent_task_run_id"), r -> r.parentTaskRunId));
        Obj key = f.obj("idempotency_key");
        if (key != null) {
            c.add(in(key.list("any_"), r -> r.idempotencyKey));
            c.add(notIn(key.list("not_any_"), r -> r.idempotencyKey));
        }
        Obj createdBy = f.obj("created_by");
        if (createdBy != null) {
            // runs here are never created by an automation: created_by is always null
            Conditions<FlowRunRow> cb = new Conditions<>(createdBy);
            cb.add(createdBy.list("id_") == null ? null : r -> false);
            cb.add(createdBy.list("type_") == null ? null : r -> false);
            Boolean isNull = createdBy.bool("is_null_");
            cb.add(isNull == null ? null : r -> isNull);
            c.add(cb.build());
        }
        return c.build();
    }

    Predicate<TaskRunRow> taskRun(Obj f) {
        Conditions<TaskRunRow> c = new Conditions<>(f);
        if (f == null) {
            return c.build();
        }
        c.add(ids(f.obj("id"), r -> r.id));
        c.add(names(f.obj("name"), r -> r.name));
        c.add(tags(f.obj("tags"), r -> r.tags));
        c.add(state(f.obj("state")));
        c.add(times(f.obj("start_time"), r -> r.startTime));
        c.add(times(f.obj("end_time"), r -> r.endTime));
        c.add(times(f.obj("expected_start_time"), r -> r.expectedStartTime));
        Obj subflows = f.obj("subflow_runs");
        if (subflows != null && subflows.bool("exists_") != null) {
            boolean exists = subflows.bool("exists_");
            c.add(r -> tables.flowRuns().findAll(FlowRunRow.BY_PARENT_TASK_RUN, r.id).isEmpty() != exists);
        }
        Obj flowRun = f.obj("flow_run_id");
        if (flowRun != null) {
            Conditions<TaskRunRow> fr = new Conditions<>(flowRun);
            List<UUID> any = flowRun.list("any_");
            Boolean isNull = flowRun.bool("is_null_");
            if (Boolean.TRUE.equals(isNull)) {
                fr.add(r -> r.flowRunId == null);
            } else if (Boolean.FALSE.equals(isNull) && any == null) {
                fr.add(r -> r.flowRunId != null);
            } else {
                fr.add(in(any, r -> r.flowRunId));
            }
            c.add(fr.build());
        }
        return c.build();
    }

    Predicate<LogRow> log(Obj f) {
        Conditions<LogRow> c = new Conditions<>(f);
        if (f == null) {
            return c.build();
        }
        Obj level = f.obj("level");
        if (level != null) {
            Long ge = level.integer("ge_");
            Long le = level.integer("le_");
            c.add(ge == null ? null : r -> r.level >= ge);
            c.add(le == null ? null : r -> r.level <= le);
        }
        c.add(times(f.obj("timestamp"), r -> r.timestamp));
        Obj flowRun = f.obj("flow_run_id");
        if (flowRun != null) {
            c.add(in(flowRun.list("any_"), r -> r.flowRunId));
        }
        c.add(optionalIn(f.obj("task_run_id"), r -> r.taskRunId));
        Obj text = f.obj("text");
        if (text != null) {
            String query = text.string("query").toLowerCase(Locale.ROOT);
            c.add(r -> r.message.toLowerCase(Locale.ROOT).contains(query)
                    || r.name.toLowerCase(Locale.ROOT).contains(query));
        }
        return c.build();
    }

    Predicate<VariableRow> variable(Obj f) {
        Conditions<VariableRow> c = new Conditions<>(f);
        if (f == null) {
            return c.build();
        }
        c.add(ids(f.obj("id"), r -> r.id));
        c.add(names(f.obj("name"), r -> r.name));
        c.add(tags(f.obj("tags"), r -> r.tags));
        return c.build();
    }

    // ---- building blocks -----------------------------------------------------------------

    private static <R extends RunRow<R>> Predicate<R> state(Obj f) {
        if (f == null) {
            return null;
        }
        Conditions<R> c = new Conditions<>(f);
        Obj type = f.obj("type");
        if (type != null) {
            c.add(in(type.list("any_"), r -> r.stateType() == null ? null : r.stateType().name()));
            c.add(notIn(type.list("not_any_"), r -> r.stateType() == null ? null : r.stateType().name()));
        }
        Obj name = f.obj("name");
        if (name != null) {
            c.add(in(name.list("any_"), r -> r.state == null ? null : r.state.name));
            c.add(notIn(name.list("not_any_"), r -> r.state == null ? null : r.state.name));
        }
        return c.build();
    }

    private static <R> Predicate<R> ids(Obj f, Function<R, UUID> id) {
        if (f == null) {
            return null;
        }
        Conditions<R> c = new Conditions<>(null);
        c.add(in(f.list("any_"), id));
        c.add(notIn(f.list("not_any_"), id));
        return c.build();
    }

    private static <R> Predicate<R> names(Obj f, Function<R, String> name) {
        if (f == null) {
            return null;
        }
        Conditions<R> c = new Conditions<>(null);
        c.add(in(f.list("any_"), name));
        String like = f.string("like_");
        if (like != null) {
            String needle = like.toLowerCase(Locale.ROOT);
            c.add(r -> name.apply(r) != null && name.apply(r).toLowerCase(Locale.ROOT).contains(needle));
        }
        return c.build();
    }

    private static <R> Predicate<R> tags(Obj f, Function<R, List<String>> tags) {
        if (f == null) {
            return null;
        }
        Conditions<R> c = new Conditions<>(f);
        List<String> all = f.list("all_");
        c.add(all == null ? null : r -> tags.apply(r).containsAll(all));
        List<String> any = f.list("any_");
        c.add(any == null ? null : r -> tags.apply(r).stream().anyMatch(any::contains));
        Boolean isNull = f.bool("is_null_");
        c.add(isNull == null ? null : r -> tags.apply(r).isEmpty() == isNull);
        return c.build();
    }

    /** {@code any_} (membership) and {@code is_null_} of an optional value. */
    private static <R, V> Predicate<R> optionalIn(Obj f, Function<R, V> value) {
        if (f == null) {
            return null;
        }
        Conditions<R> c = new Conditions<>(f);
        c.add(in(f.list("any_"), value));
        Boolean isNull = f.bool("is_null_");
        c.add(isNull == null ? null : r -> (value.apply(r) == null) == isNull);
        return c.build();
    }

    private static <R> Predicate<R> times(Obj f, Function<R, Instant> time) {
        if (f == null) {
            return null;
        }
        Conditions<R> c = new Conditions<>(null);
        Instant before = f.instant("before_");
        Instant after = f.instant("after_");
        c.add(before == null ? null : r -> time.apply(r) != null && !time.apply(r).isAfter(before));
        c.add(after == null ? null : r -> time.apply(r) != null && !time.apply(r).isBefore(after));
        if (f.has("is_null_")) {
            Boolean isNull = f.bool("is_null_");
            c.add(isNull == null ? null : r -> (time.apply(r) == null) == isNull);
        }
        return c.build();
    }

    private static <R, V> Predicate<R> in(List<?> values, Function<R, V> value) {
        if (values == null) {
            return null;
        }
        return r -> {
            V v = value.apply(r);
            return v != null && values.contains(v);
        };
    }

    private static <R, V> Predicate<R> notIn(List<?> values, Function<R, V> value) {
        if (values == null) {
            return null;
        }
        return r -> {
            V v = value.apply(r);
            return v != null && !values.contains(v);
        };
    }

    /** Conditions of one filter object, combined with its operator; no condition matches everything. */
    private static final class Conditions<R> {
        private final boolean or;
        private final List<Predicate<R>> predicates = new ArrayList<>();

        Conditions(Obj filter) {
            this.or = filter != null && "or_".equals(filter.string("operator"));
        }

        void add(Predicate<R> predicate) {
            if (predicate != null) {
                predicates.add(predicate);
            }
        }

        Predicate<R> build() {
            if (predicates.isEmpty()) {
                return r -> true;
            }
            List<Predicate<R>> all = List.copyOf(predicates);
            return or ? r -> all.stream().anyMatch(p -> p.test(r)) : r -> all.stream().allMatch(p -> p.test(r));
        }
    }
}
