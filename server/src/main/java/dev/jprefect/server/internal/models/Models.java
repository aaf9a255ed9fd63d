package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.orchestration.Orchestrator;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.Storage;
import java.time.InstantSource;

/**
 * The model operations of one server, one object per resource, as Prefect's {@code server/models}:
 * the layer between the routes (HTTP) and orchestration and storage. Every operation runs in one
 * storage transaction, takes validated request values, and returns views (JSON trees of the
 * response schemas), never rows.
 */
public final class Models {
    public final Flows flows;
    public final FlowRuns flowRuns;
    public final TaskRuns taskRuns;
    public final RunStates flowRunStates;
    public final RunStates taskRunStates;
    public final Logs logs;
    public final Variables variables;
    public final SavedSearches savedSearches;
    public final BlockTypes blockTypes;
    public final BlockSchemas blockSchemas;
    public final BlockDocuments blockDocuments;
    /** The server's default result storage ({@code /admin/storage}). */
    public final StorageDefault storageDefault;
    public final CsrfTokens csrfTokens;
    public final Artifacts artifacts;
    public final FlowRunGraphs flowRunGraphs;
    public final Deployments deployments;
    public final WorkPools workPools;
    public final ConcurrencyLimits concurrencyLimits;
    public final TagConcurrencyLimits tagConcurrencyLimits;
    /** Makes the names of unnamed runs. */
    public final Names names = new Names();
    public final Events events;
    public final Automations automations;

    /**
     * @param storage where the rows are kept
     * @param clock the source of every timestamp
     * @param orchestrator the rules state proposals go through
     * @param events the server's events, which orchestration also writes to
     */
    public Models(Storage storage, InstantSource clock, Orchestrator orchestrator, Events events) {
        this.taskRuns = new TaskRuns(storage, clock, orchestrator);
        this.flowRuns = new FlowRuns(storage, clock, orchestrator, taskRuns);
        this.workPools = new WorkPools(storage, clock);
        this.deployments = new Deployments(storage, clock, flowRuns, names, workPools);
        this.flows = new Flows(storage, clock, flowRuns, deployments);
        this.flowRunStates = new RunStates(storage, StateRow.FLOW_RUN_STATES);
        this.taskRunStates = new RunStates(storage, StateRow.TASK_RUN_STATES);
        this.logs = new Logs(storage, clock);
        this.variables = new Variables(storage, clock);
        this.savedSearches = new SavedSearches(storage, clock);
        this.blockSchemas = new BlockSchemas(storage, clock);
        this.blockTypes = new BlockTypes(storage, clock, blockSchemas);
        this.blockDocuments = new BlockDocuments(storage, clock);
        this.storageDefault = new StorageDefault(storage, clock);
        this.csrfTokens = new CsrfTokens(storage, clock);
        this.artifacts = new Artifacts(storage, clock);
        this.flowRunGraphs = new FlowRunGraphs(storage);
        this.concurrencyLimits = new ConcurrencyLimits(storage, clock, orchestrator.slots());
        this.tagConcurrencyLimits = new TagConcurrencyLimits(storage, clock, orchestrator.slots());
        this.events = events;
        this.automations = new Automations(storage, clock, events);
    }
}
