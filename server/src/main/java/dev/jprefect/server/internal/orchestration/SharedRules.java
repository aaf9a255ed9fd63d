package dev.jprefect.server.internal.orchestration;

import static dev.jprefect.server.internal.storage.StateType.PENDING;
import static dev.jprefect.server.internal.storage.StateType.RUNNING;
import static dev.jprefect.server.internal.storage.StateType.SCHEDULED;

import dev.jprefect.server.internal.storage.StateRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Rules that govern flow runs and task runs alike, after those of Prefect's core policies. */
final class SharedRules {
    private SharedRules() {
    }

    /** Returns true if a completed state's data is a persisted result (so the run may not leave it). */
    static boolean hasPersistedResult(StateRow state) {
        Object data = state.data;
        if (data == null) {
            return false;
        }
        return !(data instanceof Map && "unpersisted".equals(((Map<?, ?>) data).get("type")));
    }

    /**
     * Rejects a proposal whose {@code transition_id} repeats that of the proposal which made the
     * run's current state, answering with that state instead of applying it twice: the client
     * retried a proposal whose answer it lost (Prefect's {@code PreventDuplicateTransitions}).
     *
     * <p>Prefect applies it to flow runs only; jprefect's server applies it to task runs too (the
     * jprefect client sends a transition id for both; Prefect's client sends none for task runs,
     * so a Python client sees no difference). It also recognises the proposal a rule answered
     * with another state (a Failed run rejected to AwaitingRetry), so that a lost AwaitingRetry
     * answer is not turned into a Failed run by its retry; Prefect applies that retry.
     */
    static final class PreventDuplicateTransitions extends Rule {
        PreventDuplicateTransitions() {
            super(TypeSet.ALL, TypeSet.ALL);
        }

        @Override
        void before(Transition t) {
            if (t.initial == null || t.proposed == null) {
                return;
            }
            UUID repeated = t.proposed.details.transitionId;
            if (repeated != null && (repeated.equals(t.initial.details.transitionId)
                    || repeated.equals(t.initial.answeredTransitionId))) {
                t.reject(null, "This run has already made this state transition.");
            }
        }
    }

    /**
     * Copies the scheduled time of a Scheduled state onto the Pending state that follows it, unless
     * the Pending state brings its own (Prefect's {@code CopyScheduledTime}).
     */
    static final class CopyScheduledTime extends Rule {
        CopyScheduledTime() {
            super(TypeSet.of(SCHEDULED), TypeSet.of(PENDING));
        }

        @Override
        void before(Transition t) {
            if (t.proposed.details.scheduledTime == null) {
                t.proposed.details.scheduledTime = t.initial.details.scheduledTime;
            }
        }
    }

    /**
     * Makes a run that is scheduled for later wait before it starts running, by the server's clock
     * (Prefect's {@code WaitForScheduledTime}).
     */
    static final class WaitForScheduledTime extends Rule {
        WaitForScheduledTime() {
            super(TypeSet.of(SCHEDULED, PENDING), TypeSet.of(RUNNING));
        }

        @Override
        void before(Transition t) {
            Instant scheduled = t.initial.details.scheduledTime;
            if (scheduled == null) {
                return;
            }
            long delay = wholeSeconds(Duration.between(t.now, scheduled));
            if (delay > 0) {
                t.delay(delay, "Scheduled time is in the future");
            }
        }

        /**
         * Rounds a delay to whole seconds as Prefect does: the floor of the seconds, plus one if the
         * fraction left is more than half a second.
         */
        static long wholeSeconds(Duration d) {
            // getSeconds() is the floor and getNano() the fraction, for any duration between two
            // instants (Duration.toNanos() overflows past 292 years: a run scheduled in year 9999)
            long fractionMicros = d.getNano() / 1000L;
            return d.getSeconds() + (fractionMicros > 500_000L ? 1 : 0);
        }
    }
}
