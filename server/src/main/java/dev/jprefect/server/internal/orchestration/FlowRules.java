package dev.jprefect.server.internal.orchestration;

import static dev.jprefect.server.internal.storage.StateType.CANCELLED;
import static dev.jprefect.server.internal.storage.StateType.CANCELLING;
import static dev.jprefect.server.internal.storage.StateType.CRASHED;
import static dev.jprefect.server.internal.storage.StateType.FAILED;
import static dev.jprefect.server.internal.storage.StateType.PAUSED;
import static dev.jprefect.server.internal.storage.StateType.PENDING;
import static dev.jprefect.server.internal.storage.StateType.RUNNING;
import static dev.jprefect.server.internal.storage.StateType.SCHEDULED;

import dev.jprefect.server.internal.storage.StateType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** The rules of Prefect's {@code CoreFlowPolicy} that govern flow runs only. */
final class FlowRules {
    private FlowRules() {
    }

    /**
     * Keeps flow runs in terminal states: no Cancelling, Paused or Crashed after the end, no leaving
     * a Completed state with a persisted result, no rescheduling without a deployment; leaving a
     * terminal state for a non-final one resets the pause bookkeeping.
     */
    static final class HandleFlowTerminalStateTransitions extends Rule {
        private Map<String, Object> originalPolicy;

        HandleFlowTerminalStateTransitions() {
            super(TypeSet.TERMINAL, TypeSet.ALL);
        }

        @Override
        void before(Transition t) {
            originalPolicy = t.policy();
            StateType to = t.proposed.type;
            if (to == CANCELLING || to == PAUSED || to == CRASHED) {
                t.abort("Run is already in terminal state " + t.initial.type + ".");
                return;
            }
            if (t.initial.type == StateType.COMPLETED && !to.isFinal() && SharedRules.hasPersistedResult(t.initial)) {
                t.reject(null, "Run is already COMPLETED.");
                return;
            }
            if (to == SCHEDULED && t.flowRun().deploymentId == null) {
                t.abort("Cannot reschedule a run without an associated deployment.");
                return;
            }
            if (!to.isFinal()) {
                t.setPolicy("resuming", false);
                t.setPolicy("pause_keys", List.of());
                t.setPolicy("retry_type", to == SCHEDULED ? "reschedule" : null);
            }
        }

        @Override
        void cleanup(Transition t) {
            t.run.empiricalPolicy = originalPolicy;
        }
    }

    /** A cancelling run may only become Cancelled. */
    static final class EnforceCancellingToCancelledTransition extends Rule {
        EnforceCancellingToCancelledTransition() {
            super(TypeSet.of(CANCELLING), TypeSet.allBut(CANCELLED));
        }

        @Override
        void before(Transition t) {
            t.reject(null, "Cannot transition flows that are cancelling to a state other than Cancelled.");
        }
    }

    /** A scheduled or suspended run has no infrastructure to stop, so Cancelling becomes Cancelled. */
    static final class BypassCancellingFlowRunsWithNoInfra extends Rule {
        BypassCancellingFlowRunsWithNoInfra() {
            super(TypeSet.of(SCHEDULED, PAUSED), TypeSet.of(CANCELLING));
        }

        @Override
        void before(Transition t) {
            if ((t.initial.type == SCHEDULED && t.flowRun().infrastructurePid == null)
                    || "Resuming".equals(t.initial.name)) {
                t.reject(States.of(CANCELLED, null, null, t.now), "Scheduled flow run has no infrastructure to terminate.");
            } else if (t.initial.type == PAUSED && t.initial.details.pauseReschedule) {
                t.reject(States.of(CANCELLED, null, null, t.now), "Suspended flow run has no infrastructure to terminate.");
            }
        }
    }

    /**
     * Aborts Pending for a run that is already pending, running, cancelling or cancelled, so that
     * of two workers submitting one run only one proceeds; Pending to a differently named Pending
     * sub-state is allowed.
     */
    static final class PreventPendingTransitions extends Rule {
        PreventPendingTransitions() {
            super(TypeSet.of(PENDING, CANCELLING, RUNNING, CANCELLED), TypeSet.of(PENDING));
        }

        @Override
        void before(Transition t) {
            if (t.initial.type == PENDING && !t.initial.name.equals(t.proposed.name)
                    && !"Pending".equals(t.proposed.name)) {
                t.proposed.details.scheduledTime = t.initial.details.scheduledTime;
                t.proposed.details.deploymentConcurrencyLeaseId = t.initial.details.deploymentConcurrencyLeaseId;
                return;
            }
            t.abort("This run is in a " + t.initial.type + " state and cannot transition to a PENDING state.");
        }
    }

    /** Only scheduled runs may be marked Late. */
    static final class EnsureOnlyScheduledFlowsMarkedLate extends Rule {
        EnsureOnlyScheduledFlowsMarkedLate() {
            super(TypeSet.ALL, TypeSet.of(SCHEDULED));
        }

        @Override
        void before(Transition t) {
            if (t.initial == null) {
                return;
            }
            if ("Late".equals(t.proposed.name) && t.initial.type != SCHEDULED) {
                t.reject(null, "Only scheduled flows can be marked late.");
            }
        }
    }

    /** Governs pausing: only running runs pause, each pause key fires once. */
    static final class HandlePausingFlows extends Rule {
        private String key;

        HandlePausingFlows() {
            super(TypeSet.ALL, TypeSet.of(PAUSED));
        }

        @Override
        void before(Transition t) {
            String verb = "Suspended".equals(t.proposed.name) ? "suspend" : "pause";
            if (t.initial == null) {
                t.abort("Cannot " + verb + " flows with no state.");
                return;
            }
            if (t.initial.type != RUNNING) {
                t.reject(null, "Cannot " + verb + " flows that are not currently running.");
                return;
            }
            key = t.proposed.details.pauseKey != null ? t.proposed.details.pauseKey : UUID.randomUUID().toString();
            if (EmpiricalPolicy.pauseKeys(t.policy()).contains(key)) {
                t.reject(null, "This " + verb + " has already fired.");
                return;
            }
            if (t.proposed.details.pauseReschedule) {
                if (t.flowRun().parentTaskRunId != null) {
                    t.abort("Cannot " + verb + " subflows.");
                } else if (t.flowRun().deploymentId == null) {
                    t.abort("Cannot " + verb + " flows without a deployment.");
                }
            }
        }

        @Override
        void after(Transition t) {
            if (key == null || t.status != SetStateStatus.ACCEPT) {
                return; // only a pause that happened uses up its key
            }
            List<String> keys = new ArrayList<>(EmpiricalPolicy.pauseKeys(t.policy()));
            keys.add(key);
            t.setPolicy("pause_keys", List.copyOf(keys));
        }
    }

    /** Governs leaving Paused: only to running, scheduled or final states, and not after the pause timed out. */
    static final class HandleResumingPausedFlows extends Rule {
        HandleResumingPausedFlows() {
            super(TypeSet.of(PAUSED), TypeSet.ALL);
        }

        @Override
        void before(Transition t) {
            StateType to = t.proposed.type;
            if (!(to == RUNNING || to == SCHEDULED || to.isFinal())) {
                t.reject(null, "This run cannot transition to the " + to + " state from the " + t.initial.type + " state.");
                return;
            }
            String verb = "Suspended".equals(t.proposed.name) ? "suspend" : "pause";
            String display = t.proposed.name != null ? t.proposed.name.toLowerCase(Locale.ROOT)
                    : to.name().toLowerCase(Locale.ROOT);
            if (t.initial.details.pauseReschedule && t.flowRun().deploymentId == null) {
                t.reject(null, "Cannot reschedule a " + display + " flow run without a deployment.");
                return;
            }
            Instant timeout = t.initial.details.pauseTimeout;
            if (timeout != null && timeout.isBefore(t.now)) {
                t.reject(States.of(FAILED, null, "The flow was " + display + " and never resumed.", t.now),
                        "The flow run " + verb + " has timed out and can no longer resume.");
            }
        }

        @Override
        void after(Transition t) {
            if (t.status == SetStateStatus.ACCEPT) {
                t.setPolicy("resuming", true); // only a resume that happened marks the run resuming
            }
        }
    }

    /**
     * Turns Failed into AwaitingRetry while the run has retries left (its {@code empirical_policy}'s
     * {@code retries} and {@code retry_delay}), resetting the pause bookkeeping.
     */
    static final class RetryFailedFlows extends Rule {
        RetryFailedFlows() {
            super(TypeSet.of(RUNNING), TypeSet.of(FAILED));
        }

        @Override
        void before(Transition t) {
            Long retries = EmpiricalPolicy.retries(t.policy());
            if (retries == null || t.run.runCount > retries) {
                t.setPolicy("retry_type", null);
                return;
            }
            Object delay = t.policy().get("retry_delay");
            double seconds = delay instanceof Number ? ((Number) delay).doubleValue() : 0;
            Instant at = t.now.plus(Duration.ofNanos(Math.round(seconds * 1e9)));
            t.setPolicy("resuming", false);
            t.setPolicy("pause_keys", List.of());
            t.setPolicy("retry_type", "in_process");
            t.reject(States.awaitingRetry(t.now, at, t.proposed.message, t.proposed.data), "Retrying");
        }
    }
}
