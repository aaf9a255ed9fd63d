package dev.jprefect.server.internal.storage;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A deployment, as Prefect's {@code Deployment}: a flow made runnable by name, on schedules or on demand. */
public final class DeploymentRow extends Row<DeploymentRow> {
    /** A deployment's name is unique within its flow (Prefect's upsert key). */
    public static final Index<DeploymentRow> BY_FLOW_AND_NAME = Index.unique("flow_id, name",
            d -> Arrays.asList(d.flowId, d.name));
    public static final Index<DeploymentRow> BY_FLOW = Index.many("flow_id", d -> d.flowId);
    public static final Column<DeploymentRow, UUID> WORK_QUEUE_ID = Column.of("work_queue_id", d -> d.workQueueId);
    /** The deployments a worker's poll marks ready. */
    public static final Index<DeploymentRow> BY_WORK_QUEUE = Index.on(WORK_QUEUE_ID);
    public static final TableSpec<DeploymentRow> TABLE = TableSpec.of("deployment", BY_FLOW_AND_NAME, BY_FLOW,
            BY_WORK_QUEUE);

    public String name;
    public String version;
    public String description;
    public UUID flowId;
    public boolean paused;
    /** {@code READY} or {@code NOT_READY}. */
    public String status = "NOT_READY";
    public Instant lastPolled;
    /** Immutable JSON object. */
    public Map<String, Object> parameters = Map.of();
    /** Immutable JSON object, or null; Prefect stores an empty object when none is sent. */
    public Map<String, Object> parameterOpenapiSchema = Map.of();
    public boolean enforceParameterSchema = true;
    /** Immutable JSON object. */
    public Map<String, Object> jobVariables = Map.of();
    /** Immutable list of JSON objects, or null. */
    public List<Object> pullSteps = List.of();
    /** Immutable. */
    public List<String> tags = List.of();
    /** Immutable, or null. */
    public Map<String, Object> labels;
    public String workQueueName;
    public UUID workQueueId;
    public String path;
    public String entrypoint;
    public UUID storageDocumentId;
    public UUID infrastructureDocumentId;
    /** Immutable JSON object, or null. */
    public Map<String, Object> concurrencyOptions;

    @Override
    public DeploymentRow copy() {
        DeploymentRow c = copyBase(new DeploymentRow());
        c.name = name;
        c.version = version;
        c.description = description;
        c.flowId = flowId;
        c.paused = paused;
        c.status = status;
        c.lastPolled = lastPolled;
        c.parameters = parameters;
        c.parameterOpenapiSchema = parameterOpenapiSchema;
        c.enforceParameterSchema = enforceParameterSchema;
        c.jobVariables = jobVariables;
        c.pullSteps = pullSteps;
        c.tags = tags;
        c.labels = labels;
        c.workQueueName = workQueueName;
        c.workQueueId = workQueueId;
        c.path = path;
        c.entrypoint = entrypoint;
        c.storageDocumentId = storageDocumentId;
        c.infrastructureDocumentId = infrastructureDocumentId;
        c.concurrencyOptions = concurrencyOptions;
        return c;
    }
}
