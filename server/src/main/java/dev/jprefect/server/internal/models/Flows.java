package dev.jprefect.server.internal.models;

import static dev.jprefect.server.internal.models.FieldTable.Op.ALL;
import static dev.jprefect.server.internal.models.FieldTable.Op.ANY;
import static dev.jprefect.server.internal.models.FieldTable.Op.IS_EMPTY;
import static dev.jprefect.server.internal.models.FieldTable.Op.LIKE;
import static dev.jprefect.server.internal.models.FieldTable.Op.NOT_ANY;

import dev.jprefect.server.internal.models.FieldTable.Filter;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.Column;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.FlowRow;
import dev.jprefect.server.internal.storage.DeploymentRow;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.Transaction;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Flows, as Prefect's {@code models.flows}: create by name (idempotent), read, update, delete with cascade, list. */
public final class Flows {
    private static final String CREATE = "FlowCreate";
    private static final String UPDATE = "FlowUpdate";
    private static final String FLOW = "Flow";
    private static final String FILTER = "FlowFilter";

    /** Every field of a flow, once. */
    static final FieldTable<FlowRow> FIELDS = new FieldTable<FlowRow>(FLOW)
            .field("id", Schema.uuid(), Column.id(), (f, v) -> { }, Filter.by(Schema.uuid(), ANY, NOT_ANY), FILTER)
            .filter("deployment", Filter.custom(Schema.object("FlowFilterDeployment")
                    .optional("operator", FieldTable.OPERATOR, "and_").optional("is_null_", Schema.bool().nullable())
                    .forbidExtra(), Flows::deployment), FILTER)
            .field("name", Schema.string().pattern(Bodies.NAME_PATTERN), FlowRow.NAME, (f, v) -> f.name = (String) v,
                    Filter.by(Schema.string(), ANY, LIKE), CREATE, FLOW, FILTER)
            .required(CREATE)
            .field("tags", Schema.list(Schema.string()), FlowRow.TAGS, (f, v) -> f.tags = FieldTable.strings(v),
                    Filter.operated(Schema.string(), ALL, IS_EMPTY), CREATE, UPDATE, FLOW, FILTER)
            .defaulted(CREATE, List.of()).notNull(UPDATE)
            .field("labels", Bodies.LABELS, Column.of("labels", f -> f.labels == null ? Map.of() : f.labels),
                    (f, v) -> f.labels = FieldTable.map(v), Filter.NONE, CREATE, FLOW)
            .sort("CREATED_DESC", Order.desc(Column.created()))
            .sort("UPDATED_DESC", Order.desc(Column.updated()))
            .sort("NAME_ASC", Order.asc(FlowRow.NAME))
            .sort("NAME_DESC", Order.desc(FlowRow.NAME));

    /** {@code FlowFilter}, which the list bodies of every resource take (declared before the bodies that read it). */
    static final Schema FILTER_MODEL = FIELDS.filterModel(FILTER);

    /** The other resources' filters the flows' list routes take. */
    private static final String[] FILTERED_BY = {"flows", "flow_runs", "task_runs", "deployments", "work_pools"};

    /** {@code FlowCreate}. */
    public static final Schema CREATE_BODY = FIELDS.model(CREATE);
    /** {@code FlowUpdate}. */
    public static final Schema UPDATE_BODY = FIELDS.model(UPDATE);
    /** The body of {@code /flows/count}. */
    public static final Schema COUNT_BODY = Filters.withFilters(Schema.object("Body_count_flows"), FILTERED_BY);
    /** The body of {@code /flows/filter}. */
    public static final Schema FILTER_BODY = Filters.withFilters(Schema.object("Body_read_flows")
            .optional("offset", Schema.integer().atLeast(0), 0L), FILTERED_BY)
            .optional("sort", FIELDS.sortSchema(), "NAME_ASC")
            .optional("limit", Bodies.LIMIT);
    /** The body of {@code /flows/paginate}. */
    public static final Schema PAGINATE_BODY = Filters.withFilters(Schema.object("Body_paginate_flows")
            .optional("page", Schema.integer().atLeast(1), 1L), FILTERED_BY)
            .optional("sort", FIELDS.sortSchema(), "NAME_ASC")
            .optional("limit", Bodies.LIMIT);
    /** The body of {@code /flows/bulk_delete}. */
    public static final Schema BULK_DELETE_BODY = Filters.withFilters(Schema.object("Body_bulk_delete_flows"), "flows")
            .optional("limit", Bodies.BULK_DELETE_LIMIT, Bodies.MAX_BULK_DELETE);

    private final Storage storage;
    private final InstantSource clock;
    private final FlowRuns flowRuns;
    private final Deployments deployments;
    private final Listing<FlowRow> listing;

    Flows(Storage storage, InstantSource clock, FlowRuns flowRuns, Deployments deployments) {
        this.storage = storage;
        this.clock = clock;
        this.flowRuns = flowRuns;
        this.deployments = deployments;
        this.listing = new Listing<>(storage, clock, FlowRow.TABLE, Filters::flowsQuery, FIELDS::orders);
    }

    /** Creates a validated {@code FlowCreate}, or returns the flow of that name if there is one. */
    public Written create(Obj body) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            Optional<FlowRow> existing = tx.table(FlowRow.TABLE).findUnique(FlowRow.BY_NAME, body.string("name"));
            if (existing.isPresent()) {
                return new Written(FIELDS.view(FLOW, existing.get()), false);
            }
            FlowRow flow = new FlowRow();
            flow.id = UUID.randomUUID();
            flow.created = now;
            flow.updated = now;
            FIELDS.apply(CREATE, body, flow);
            tx.table(FlowRow.TABLE).put(flow);
            return new Written(FIELDS.view(FLOW, flow), true);
        });
    }

    /** Applies a validated {@code FlowUpdate}; false if there is no such flow. */
    public boolean update(UUID id, Obj body) {
        return storage.write(tx -> {
            Optional<FlowRow> found = tx.table(FlowRow.TABLE).get(id);
            found.ifPresent(flow -> {
                FIELDS.apply(UPDATE, body, flow);
                flow.updated = clock.instant();
                tx.table(FlowRow.TABLE).put(flow);
            });
            return found.isPresent();
        });
    }

    public Optional<Map<String, Object>> read(UUID id) {
        return storage.read(tx -> tx.table(FlowRow.TABLE).get(id).map(f -> FIELDS.view(FLOW, f)));
    }

    public Optional<Map<String, Object>> readByName(String name) {
        return storage.read(tx -> tx.table(FlowRow.TABLE).findUnique(FlowRow.BY_NAME, name).map(f -> FIELDS.view(FLOW, f)));
    }

    /** Deletes a flow and, as the database cascades, its deployments and its flow runs with their task runs; false if there was none. */
    public boolean delete(UUID id) {
        return storage.write(tx -> delete(tx, id));
    }

    private boolean delete(Transaction tx, UUID id) {
        for (DeploymentRow deployment : tx.table(DeploymentRow.TABLE).findAll(DeploymentRow.BY_FLOW, id)) {
            deployments.delete(tx, deployment.id);
        }
        for (FlowRunRow run : tx.table(FlowRunRow.TABLE).findAll(FlowRunRow.BY_FLOW, id)) {
            flowRuns.delete(tx, run.id);
        }
        return tx.table(FlowRow.TABLE).remove(id);
    }

    public long count(Obj body) {
        return listing.count(body);
    }

    public List<Object> filter(Obj body, int limit) {
        return listing.filter(body, limit, (f, now) -> FIELDS.view(FLOW, f));
    }

    public Map<String, Object> paginate(Obj body, int limit) {
        return listing.paginate(body, limit, (f, now) -> FIELDS.view(FLOW, f));
    }

    /** Deletes the flows that match a validated bulk delete body; returns their ids. */
    public List<UUID> bulkDelete(Obj body) {
        return listing.bulkDelete(body, this::delete);
    }

    /** The flows a validated {@code FlowFilter} (or null: every flow) selects. */
    static Condition<FlowRow> condition(Obj filter) {
        return FIELDS.condition(FILTER, filter);
    }

    /** {@code FlowFilterDeployment}: the flow has (no) deployment. */
    private static Condition<FlowRow> deployment(Obj f) {
        Boolean isNull = f.bool("is_null_");
        if (isNull == null) {
            return Condition.always();
        }
        Condition<FlowRow> has = Condition.exists(Column.<FlowRow>id(), DeploymentRow.TABLE, Deployments.FLOW_ID,
                Condition.always());
        return isNull ? Condition.not(has) : has;
    }

}
