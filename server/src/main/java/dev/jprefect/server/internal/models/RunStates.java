package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.TableSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The states of flow runs or of task runs, as Prefect's {@code models.flow_run_states} and {@code task_run_states}. */
public final class RunStates {
    private final Storage storage;
    private final TableSpec<StateRow> table;

    RunStates(Storage storage, TableSpec<StateRow> table) {
        this.storage = storage;
        this.table = table;
    }

    public Optional<Map<String, Object>> read(UUID id) {
        return storage.read(tx -> tx.table(table).get(id).map(Views::state));
    }

    /** Returns the states of the run {@code runId}, oldest first. */
    public List<Object> readForRun(UUID runId) {
        return storage.read(tx -> Views.list(tx.table(table).findAll(StateRow.BY_RUN, runId).stream()
                .sorted(Comparator.comparing((StateRow s) -> s.timestamp)).toList(), Views::state));
    }
}
