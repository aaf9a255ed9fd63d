package dev.jprefect.server.internal.orchestration;

import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.RunRow;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.StateType;
import dev.jprefect.server.internal.storage.Transaction;
import dev.jprefect.server.internal.storage.TaskRunRow;
import java.time.Instant;
import java.util.Map;

/**
 * One state transition of one run while rules govern it, after Prefect's
 * {@code OrchestrationContext}: the run (a working copy, stored back when orchestration ends), its
 * initial state, the proposed state (null once a rule decides nothing is to be written), and the
 * answer taking shape. Rules change the transition only through {@link #reject}, {@link #delay},
 * {@link #abort} and {@link #rename}.
 */
final class Transition {
    final Transaction tables;
    final Orchestrator orchestrator;
    /** The moment of this transition; every timestamp it makes and every "now" it compares with. */
    final Instant now;
    final RunRow<?> run;
    /** The run's state before the transition (a copy), or null if it has none. */
    final StateRow initial;
    StateRow proposed;
    StateRow validated;
    SetStateStatus status = SetStateStatus.ACCEPT;
    String reason;
    Long delaySeconds;
    /** The entry of the rule whose {@code before} hook is running; see {@link Orchestrator}. */
    Orchestrator.Entry current;

    Transition(Transaction tables, Orchestrator orchestrator, Instant now, RunRow<?> run, StateRow proposed) {
        this.tables = tables;
        this.orchestrator = orchestrator;
        this.now = now;
        this.run = run;
        this.initial = run.state == null ? null : run.state.copy();
        this.proposed = proposed;
    }

    StateType initialType() {
        return initial == null ? null : initial.type;
    }

    StateType proposedType() {
        return proposed == null ? null : proposed.type;
    }

    boolean isFlowRun() {
        return run instanceof FlowRunRow;
    }

    FlowRunRow flowRun() {
        return (FlowRunRow) run;
    }

    TaskRunRow taskRun() {
        return (TaskRunRow) run;
    }

    /** Returns the run's retry settings and orchestration flags. */
    Map<String, Object> policy() {
        return run.empiricalPolicy;
    }

    /** Replaces one entry of the run's policy. */
    void setPolicy(String key, Object value) {
        run.empiricalPolicy = EmpiricalPolicy.with(run.empiricalPolicy, key, value);
    }

    /**
     * Rejects the proposed state: {@code instead} is written in its place, or, if null, nothing is
     * written and the run keeps its state.
     */
    void reject(StateRow instead, String why) {
        if (instead == null && initial == null) {
            abort("The current run has no state; this transition cannot be rejected without providing a new state.");
            return;
        }
        if (instead != null && instead != proposed && proposed != null) {
            instead.answeredTransitionId = proposed.details.transitionId;
        }
        proposed = instead;
        current.to = instead == null ? null : instead.type;
        status = SetStateStatus.REJECT;
        reason = why;
        delaySeconds = null;
    }

    /** Writes nothing and tells the client to propose again in {@code seconds}. */
    void delay(long seconds, String why) {
        proposed = null;
        current.to = null;
        status = SetStateStatus.WAIT;
        reason = why;
        delaySeconds = seconds;
    }

    /** Writes nothing and tells the client not to proceed. */
    void abort(String why) {
        proposed = null;
        if (current != null) {
            current.to = null;
        }
        status = SetStateStatus.ABORT;
        reason = why;
        delaySeconds = null;
    }

    /** Renames the proposed state, keeping its type. */
    void rename(String name) {
        if (proposed != null) {
            proposed.name = name;
        }
    }
}
