package dev.jprefect.server.internal.orchestration;

import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.StateType;
import java.time.Duration;

/**
 * The transforms of Prefect's global policies: the run fields every written state updates. A run's
 * {@code state_type} and {@code state_name} are read from its current state, so they need none.
 */
final class Bookkeeping {
    private Bookkeeping() {
    }

    /** The first time a run enters Running is its start time. */
    static final Transform SET_START_TIME = new Transform() {
        @Override
        public void before(Transition t) {
            if (t.proposed.type == StateType.RUNNING && t.run.startTime == null) {
                t.run.startTime = t.proposed.timestamp;
            }
        }
    };

    /**
     * Entering a final state sets the end time, and the start time too if the run never started
     * (a run that fails before it runs, or a task run answered from the cache: the rules replaced
     * its Running proposal with a final state before this transform sees it); leaving a final
     * state clears the end time. As Prefect's {@code SetEndTime}.
     */
    static final Transform SET_END_TIME = new Transform() {
        @Override
        public void before(Transition t) {
            if (t.initial != null && t.initial.type.isFinal() && !t.proposed.type.isFinal()) {
                t.run.endTime = null;
            }
            if (t.proposed.type.isFinal() && t.run.endTime == null) {
                if (t.run.startTime == null) {
                    t.run.startTime = t.proposed.timestamp;
                }
                t.run.endTime = t.proposed.timestamp;
            }
        }
    };

    /** Time spent in Running adds to the total run time. */
    static final Transform INCREMENT_RUN_TIME = new Transform() {
        @Override
        public void before(Transition t) {
            if (t.initial != null && t.initial.type == StateType.RUNNING) {
                Duration spent = Duration.between(t.initial.timestamp, t.proposed.timestamp);
                if (!spent.isNegative()) {
                    t.run.totalRunTime = t.run.totalRunTime.plus(spent);
                }
            }
        }
    };

    /** A run's first state fixes when it is expected to start: its scheduled time, or now. */
    static final Transform SET_EXPECTED_START_TIME = new Transform() {
        @Override
        public void before(Transition t) {
            if (t.run.expectedStartTime == null) {
                t.run.expectedStartTime = t.proposed.type == StateType.SCHEDULED
                        ? t.proposed.details.scheduledTime : t.proposed.timestamp;
            }
        }
    };

    /** A Scheduled state sets the next scheduled start time; leaving it clears it. */
    static final Transform SET_NEXT_SCHEDULED_START_TIME = new Transform() {
        @Override
        public void before(Transition t) {
            if (t.initial != null && t.initial.type == StateType.SCHEDULED) {
                t.run.nextScheduledStartTime = null;
            }
            if (t.proposed.type == StateType.SCHEDULED) {
                t.run.nextScheduledStartTime = t.proposed.details.scheduledTime;
            }
        }
    };

    /** A state records which run it belongs to. */
    static final Transform UPDATE_STATE_DETAILS = new Transform() {
        @Override
        public void before(Transition t) {
            if (t.isFlowRun()) {
                t.proposed.details.flowRunId = t.run.id;
            } else {
                t.proposed.details.flowRunId = t.taskRun().flowRunId;
                t.proposed.details.taskRunId = t.run.id;
            }
        }
    };

    /** A subflow run's states point to the task run that stands for it in the parent flow run. */
    static final Transform UPDATE_SUBFLOW_STATE_DETAILS = new Transform() {
        @Override
        public void before(Transition t) {
            if (t.flowRun().parentTaskRunId != null) {
                t.proposed.details.taskRunId = t.flowRun().parentTaskRunId;
            }
        }
    };

    /** A subflow run's new state is forced onto its parent task run, pointing back to the subflow run. */
    static final Transform UPDATE_SUBFLOW_PARENT_TASK = new Transform() {
        @Override
        public void after(Transition t) {
            if (t.flowRun().parentTaskRunId == null || t.validated == null) {
                return;
            }
            StateRow mirrored = States.freshCopy(t.validated, t.validated.timestamp);
            mirrored.details.childFlowRunId = t.run.id;
            t.orchestrator.setTaskRunState(t.tables, t.flowRun().parentTaskRunId, mirrored, true);
        }
    };

    /** Entering Running counts a flow run attempt, except when resuming from a pause. */
    static final Transform INCREMENT_FLOW_RUN_COUNT = new Transform() {
        @Override
        public void before(Transition t) {
            if (t.proposed.type == StateType.RUNNING && !EmpiricalPolicy.resuming(t.policy())) {
                t.run.runCount++;
            }
        }
    };

    /** Running or finishing ends a resume. */
    static final Transform REMOVE_RESUMING_INDICATOR = new Transform() {
        @Override
        public void before(Transition t) {
            if ((t.proposed.type == StateType.RUNNING || t.proposed.type.isFinal()) && EmpiricalPolicy.resuming(t.policy())) {
                t.setPolicy("resuming", false);
            }
        }
    };

    /** Entering Running counts a task run attempt. */
    static final Transform INCREMENT_TASK_RUN_COUNT = new Transform() {
        @Override
        public void before(Transition t) {
            if (t.proposed.type == StateType.RUNNING) {
                t.run.runCount++;
            }
        }
    };
}
