package dev.jprefect.server.internal.orchestration;

import dev.jprefect.server.internal.orchestration.FlowRules.BypassCancellingFlowRunsWithNoInfra;
import dev.jprefect.server.internal.storage.RunRow;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.StateType;
import dev.jprefect.server.internal.storage.StorageBusyException;
import dev.jprefect.server.internal.storage.Table;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.TaskRunRow;
import dev.jprefect.server.internal.storage.Transaction;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Sets run states through orchestration rules, after Prefect's orchestration engine: the rules of
 * the core flow or task policy govern the proposed state in priority order (with {@code force},
 * only the minimal policy), then the global bookkeeping transforms run, the resulting state (if
 * any) is written, and the answer says accept, reject, wait or abort.
 *
 * <p>Call it inside a storage write transaction (the model operation's): the whole transition is then atomic, so two
 * clients racing to set one run's state are served one after the other.
 */
public final class Orchestrator {
    private static final System.Logger LOG = System.getLogger(Orchestrator.class.getName());

    private static final List<Supplier<Rule>> CORE_FLOW_POLICY = List.of(
            SharedRules.PreventDuplicateTransitions::new,
            FlowRules.HandleFlowTerminalStateTransitions::new,
            FlowRules.EnforceCancellingToCancelledTransition::new,
            BypassCancellingFlowRunsWithNoInfra::new,
            FlowRules.PreventPendingTransitions::new,
            FlowRules.EnsureOnlyScheduledFlowsMarkedLate::new,
            FlowRules.HandlePausingFlows::new,
            FlowRules.HandleResumingPausedFlows::new,
            SharedRules.CopyScheduledTime::new,
            SharedRules.WaitForScheduledTime::new,
            FlowRules.RetryFailedFlows::new);

    private static final List<Supplier<Rule>> MINIMAL_FLOW_POLICY = List.of(BypassCancellingFlowRunsWithNoInfra::new);

    private static final List<Supplier<Rule>> CORE_TASK_POLICY = List.of(
            SharedRules.PreventDuplicateTransitions::new,
            TaskRules.CacheRetrieval::new,
            TaskRules.HandleTaskTerminalStateTransitions::new,
            TaskRules.PreventRunningTasksFromStoppedFlows::new,
            TaskRules.SecureTaskConcurrencySlots::new,
            SharedRules.CopyScheduledTime::new,
            SharedRules.WaitForScheduledTime::new,
            TaskRules.RetryFailedTasks::new,
            TaskRules.RenameReruns::new,
            TaskRules.UpdateFlowRunTrackerOnTasks::new,
            TaskRules.CacheInsertion::new);

    private static final List<Supplier<Rule>> MINIMAL_TASK_POLICY = List.of();

    private static final List<Transform> COMMON_TRANSFORMS = List.of(
            Bookkeeping.SET_START_TIME,
            Bookkeeping.SET_END_TIME,
            Bookkeeping.INCREMENT_RUN_TIME,
            Bookkeeping.SET_EXPECTED_START_TIME,
            Bookkeeping.SET_NEXT_SCHEDULED_START_TIME,
            Bookkeeping.UPDATE_STATE_DETAILS);

    private static final List<Transform> FLOW_TRANSFORMS = concat(COMMON_TRANSFORMS, List.of(
            Bookkeeping.UPDATE_SUBFLOW_PARENT_TASK,
            Bookkeeping.UPDATE_SUBFLOW_STATE_DETAILS,
            Bookkeeping.INCREMENT_FLOW_RUN_COUNT,
            Bookkeeping.REMOVE_RESUMING_INDICATOR));

    private static final List<Transform> TASK_TRANSFORMS = concat(COMMON_TRANSFORMS,
            List.of(Bookkeeping.INCREMENT_TASK_RUN_COUNT, TaskRules.RELEASE_TASK_CONCURRENCY_SLOTS));

    private final InstantSource clock;
    private final DoubleSupplier random;
    private final EventSink events;
    private final ConcurrencySlots slots;

    /**
     * @param clock the source of every "now" of orchestration
     * @param random uniform draws from [0, 1), for retry jitter
     * @param events where the events of accepted flow-run state changes go
     * @param slots the concurrency limits' slots, which task runs with tags take while Running
     */
    public Orchestrator(InstantSource clock, DoubleSupplier random, EventSink events, ConcurrencySlots slots) {
        this.clock = clock;
        this.random = random;
        this.events = events;
        this.slots = slots;
    }

    DoubleSupplier random() {
        return random;
    }

    /** Returns the concurrency limits' slots. */
    public ConcurrencySlots slots() {
        return slots;
    }

    /**
     * Proposes {@code proposed} (stamped with the clock's now) for the flow run {@code runId}.
     *
     * @return the outcome, or empty if there is no such flow run
     */
    public Optional<Outcome> setFlowRunState(Transaction tx, UUID runId, StateRow proposed, boolean force) {
        return setFlowRunState(tx, runId, proposed, force ? MINIMAL_FLOW_POLICY : CORE_FLOW_POLICY, true);
    }

    /**
     * Writes the first state of a run the scheduler made, as Prefect's scheduler inserts it: the
     * bookkeeping of a forced state, but no state-change event (Prefect's scheduler inserts state
     * rows itself, outside orchestration, so an auto-scheduled run's {@code Scheduled} has none).
     *
     * @return the outcome, or empty if there is no such flow run
     */
    public Optional<Outcome> insertScheduledFlowRunState(Transaction tx, UUID runId, StateRow scheduled) {
        return setFlowRunState(tx, runId, scheduled, MINIMAL_FLOW_POLICY, false);
    }

    private Optional<Outcome> setFlowRunState(Transaction tx, UUID runId, StateRow proposed, List<Supplier<Rule>> policy,
            boolean instrumented) {
        Table<FlowRunRow> runs = tx.table(FlowRunRow.TABLE);
        return runs.getForUpdate(runId).map(run -> orchestrate(tx, runs, tx.table(StateRow.FLOW_RUN_STATES),
                run, proposed, policy, FLOW_TRANSFORMS, instrumented));
    }

    /**
     * Proposes {@code proposed} for the task run {@code runId}.
     *
     * @return the outcome, or empty if there is no such task run
     */
    public Optional<Outcome> setTaskRunState(Transaction tx, UUID runId, StateRow proposed, boolean force) {
        Table<TaskRunRow> runs = tx.table(TaskRunRow.TABLE);
        return runs.getForUpdate(runId).map(run -> orchestrate(tx, runs, tx.table(StateRow.TASK_RUN_STATES),
                run, proposed, force ? MINIMAL_TASK_POLICY : CORE_TASK_POLICY, TASK_TRANSFORMS, false));
    }

    /** A rule entered for one transition, with the transition it expects to still hold on exit. */
    static final class Entry {
        final Rule rule;
        final StateType from;
        StateType to;
        boolean entered;

        Entry(Rule rule, StateType from, StateType to) {
            this.rule = rule;
            this.from = from;
            this.to = to;
        }
    }

    private <R extends RunRow<R>> Outcome orchestrate(Transaction tables, Table<R> runs, Table<StateRow> states, R run,
            StateRow proposed, List<Supplier<Rule>> policy, List<Transform> transforms, boolean instrumented) {
        Instant now = clock.instant();
        if (proposed.timestamp == null) {
            proposed.timestamp = now;
        }
        Transition t = new Transition(tables, this, now, run, proposed);
        StateType from = t.initialType();
        StateType to = t.proposedType();

        List<Entry> entries = new ArrayList<>(policy.size());
        for (Supplier<Rule> make : policy) {
            Rule rule = make.get();
            Entry entry = new Entry(rule, from, to);
            entry.entered = rule.from().contains(from) && rule.to().contains(to)
                    && from == t.initialType() && to == t.proposedType();
            if (entry.entered) {
                t.current = entry;
                try {
                    rule.before(t);
                } catch (StorageBusyException e) {
                    throw e; // the store, not the rule: the whole transaction is tried again or answered 503
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "orchestration rule " + rule + " failed", e);
                    // as Prefect's reason, naming the rule, but no Java exception: that is for the log
                    t.abort("Aborting orchestration due to error in " + rule + ".");
                }
                t.current = null;
            }
            entries.add(entry);
        }

        boolean written = t.proposed != null;
        if (written) {
            for (Transform transform : transforms) {
                transform.before(t);
            }
            StateRow state = t.proposed;
            state.runId = run.id;
            state.created = state.timestamp;
            state.updated = state.timestamp;
            states.put(state);
            run.state = state.copy();
            t.validated = state.copy();
        } else {
            t.validated = run.state == null ? null : run.state.copy();
        }
        run.updated = t.now;

        if (written) {
            for (int i = transforms.size() - 1; i >= 0; i--) {
                transforms.get(i).after(t);
            }
        }
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry entry = entries.get(i);
            if (!entry.entered) {
                continue;
            }
            if (entry.from != t.initialType() || entry.to != t.proposedType()) {
                entry.rule.cleanup(t);
            } else {
                entry.rule.after(t);
            }
        }
        runs.put(run);
        if (written && instrumented) { // Prefect's InstrumentFlowRunStateTransitions, in every flow policy
            events.emit(tables, StateChangeEvents.flowRunStateChanged(tables, t.flowRun(), t.initial, t.validated));
        }
        return new Outcome(t.status, t.validated, t.reason, t.delaySeconds, written);
    }

    private static List<Transform> concat(List<Transform> a, List<Transform> b) {
        List<Transform> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
