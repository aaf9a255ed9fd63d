package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.schema.Obj;
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
        this.listing = new Listing<>(storage, clock, FlowRow.TABLE, Filters::flowsQuery, Sorts::flows);
    }

    /** Creates a validated {@code FlowCreate}, or returns the flow of that name if there is one. */
    public Written create(Obj body) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            Optional<FlowRow> existing = tx.table(FlowRow.TABLE).findUnique(FlowRow.BY_NAME, body.string("name"));
            if (existing.isPresent()) {
                return new Written(Views.flow(existing.get()), false);
            }
            FlowRow flow = new FlowRow();
            flow.id = UUID.randomUUID();
            flow.created = now;
            flow.updated = now;
            flow.name = body.string("name");
            flow.tags = body.list("tags");
            flow.labels = body.map("labels");
            tx.table(FlowRow.TABLE).put(flow);
            return new Written(Views.flow(flow), true);
        });
    }

    /** Applies a validated {@code FlowUpdate}; false if there is no such flow. */
    public boolean update(UUID id, Obj body) {
        return storage.write(tx -> {
            Optional<FlowRow> found = tx.table(FlowRow.TABLE).get(id);
            found.ifPresent(flow -> {
                if (body.has("tags")) {
                    flow.tags = body.list("tags");
                }
                flow.updated = clock.instant();
                tx.table(FlowRow.TABLE).put(flow);
            });
            return found.isPresent();
        });
    }

    public Optional<Map<String, Object>> read(UUID id) {
        return storage.read(tx -> tx.table(FlowRow.TABLE).get(id).map(Views::flow));
    }

    public Optional<Map<String, Object>> readByName(String name) {
        return storage.read(tx -> tx.table(FlowRow.TABLE).findUnique(FlowRow.BY_NAME, name).map(Views::flow));
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
        return listing.filter(body, limit, (f, now) -> Views.flow(f));
    }

    public Map<String, Object> paginate(Obj body, int limit) {
        return listing.paginate(body, limit, (f, now) -> Views.flow(f));
    }

    /** Deletes the flows that match a validated bulk delete body; returns their ids. */
    public List<UUID> bulkDelete(Obj body) {
        return listing.bulkDelete(body, this::delete);
    }
}
