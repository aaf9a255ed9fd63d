package dev.jprefect.server.internal.storage;

/** The tables visible inside one {@link Storage} transaction. */
public interface Tables {

    Table<FlowRow> flows();

    Table<FlowRunRow> flowRuns();

    Table<TaskRunRow> taskRuns();

    /** The states of flow runs, each written once and never changed. */
    Table<StateRow> flowRunStates();

    /** The states of task runs, each written once and never changed. */
    Table<StateRow> taskRunStates();

    Table<LogRow> logs();

    Table<VariableRow> variables();

    Table<CsrfTokenRow> csrfTokens();

    /** Completed task run states stored under their cache key. */
    Table<CacheEntryRow> taskRunStateCache();
}
