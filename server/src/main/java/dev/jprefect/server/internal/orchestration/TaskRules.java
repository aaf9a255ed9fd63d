package dev.jprefect.server.internal.orchestration;

import static dev.jprefect.server.internal.storage.StateType.CANCELLING;
import static dev.jprefect.server.internal.storage.StateType.COMPLETED;
import static dev.jprefect.server.internal.storage.StateType.CRASHED;
import static dev.jprefect.server.internal.storage.StateType.FAILED;
import static dev.jprefect.server.internal.storage.StateType.PAUSED;
import static dev.jprefect.server.internal.storage.StateType.RUNNING;

import dev.jprefect.internal.math.Jitter;
import dev.jprefect.server.internal.storage.CacheEntryRow;
import dev.jprefect.server.internal.storage.ConcurrencyLeaseRow;
import dev.jprefect.server.internal.storage.ConcurrencyLimitRow;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.StateType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The rules of Prefect's {@code CoreTaskPolicy} that govern task runs only. */
final class TaskRules {

    /**
     * The longest cache key a Completed state may carry (Prefect's
     * {@code PREFECT_SERVER_TASKS_MAX_CACHE_KEY_LENGTH} default); longer ones are not cached.
     */
    static final int MAX_CACHE_KEY_LENGTH = 2000;

    private TaskRules() {
    }

    /** Returns the flow run of the task run in {@code t}, if it has one that still exists. */
    static Optional<FlowRunRow> flowRunOf(Transition t) {
        UUID flowRunId = t.taskRun().flowRunId;
        return flowRunId == null ? Optional.empty() : t.tables.table(FlowRunRow.TABLE).get(flowRunId);
    }

    /**
     * Answers a Running proposal whose state details carry a cache key with the cached Completed
     * state, renamed "Cached", if an unexpired one is stored (unless the proposal asks to refresh).
     */
    static final class CacheRetrieval extends Rule {
        CacheRetrieval() {
            super(TypeSet.ALL, TypeSet.of(RUNNING));
        }

        @Override
        void before(Transition t) {
            String key = t.proposed.details.cacheKey;
            if (key == null || Boolean.TRUE.equals(t.proposed.details.refreshCache)) {
                return;
            }
            CacheEntryRow newest = null;
            for (CacheEntryRow entry : t.tables.table(CacheEntryRow.TABLE).findAll(CacheEntryRow.BY_KEY, key)) {
                boolean live = entry.cacheExpiration == null || entry.cacheExpiration.isAfter(t.now);
                if (live && (newest == null || !entry.created.isBefore(newest.created))) {
                    newest = entry;
                }
            }
            if (newest == null) {
                return;
            }
            Optional<StateRow> cached = t.tables.table(StateRow.TASK_RUN_STATES).get(newest.taskRunStateId);
            if (cached.isPresent()) {
                StateRow state = States.freshCopy(cached.get(), t.now);
                state.name = "Cached";
                t.reject(state, "Retrieved state from cache");
            }
        }
    }

    /**
     * Stores Completed states that carry a cache key, so later runs with the same key get them;
     * refuses keys longer than {@link #MAX_CACHE_KEY_LENGTH}.
     */
    static final class CacheInsertion extends Rule {
        CacheInsertion() {
            super(TypeSet.ALL, TypeSet.of(COMPLETED));
        }

        @Override
        void before(Transition t) {
            String key = t.proposed.details.cacheKey;
            if (key != null && key.length() > MAX_CACHE_KEY_LENGTH) {
                t.reject(t.proposed, "Cache key exceeded maximum allowed length of " + MAX_CACHE_KEY_LENGTH + " characters.");
            }
        }

        @Override
        void after(Transition t) {
            StateRow state = t.validated;
            if (state == null || state.details.cacheKey == null) {
                return;
            }
            CacheEntryRow entry = new CacheEntryRow();
            entry.id = UUID.randomUUID();
            entry.created = t.now;
            entry.updated = t.now;
            entry.cacheKey = state.details.cacheKey;
            entry.cacheExpiration = state.details.cacheExpiration;
            entry.taskRunStateId = state.id;
            t.tables.table(CacheEntryRow.TABLE).put(entry);
        }
    }

    /**
     * Keeps task runs in terminal states: no Cancelling, Paused or Crashed after the end, no leaving
     * a Completed state with a persisted result; leaving a terminal state for a non-final one resets
     * the run count (and so the retries), and a rerun within a retried flow run is "Retrying".
     */
    static final class HandleTaskTerminalStateTransitions extends Rule {
        private int originalRunCount;

        HandleTaskTerminalStateTransitions() {
            super(TypeSet.TERMINAL, TypeSet.ALL);
        }

        @Override
        void before(Transition t) {
            originalRunCount = t.run.runCount;
            StateType to = t.proposed.type;
            if (to == CANCELLING || to == PAUSED || to == CRASHED) {
                t.abort("Run is already " + t.initial.type + ".");
                return;
            }
            if (t.initial.type == COMPLETED && SharedRules.hasPersistedResult(t.initial)) {
                t.reject(null, "This run is already completed.");
                return;
            }
            if (!to.isFinal()) {
                t.run.runCount = 0;
            }
            if (to == RUNNING) {
                flowRunOf(t).ifPresent(flowRun -> {
                    if (t.taskRun().flowRunRunCount < flowRun.runCount) {
                        t.rename("Retrying");
                    }
                });
            }
        }

        @Override
        void cleanup(Transition t) {
            t.run.runCount = originalRunCount;
        }
    }

    /** A task may only run while its flow run is running; in a paused flow run it waits as Paused. */
    static final class PreventRunningTasksFromStoppedFlows extends Rule {
        PreventRunningTasksFromStoppedFlows() {
            super(TypeSet.ALL, TypeSet.of(RUNNING));
        }

        @Override
        void before(Transition t) {
            Optional<FlowRunRow> found = flowRunOf(t);
            if (found.isEmpty()) {
                return;
            }
            FlowRunRow flowRun = found.get();
            StateRow flowState = flowRun.state;
            if (flowState == null) {
                t.abort("The enclosing flow must be running to begin task execution.");
            } else if (flowState.type == PAUSED) {
                StateRow paused = States.of(PAUSED, "NotReady", null, t.now);
                paused.details.pauseTimeout = flowState.details.pauseTimeout;
                paused.details.pauseReschedule = flowState.details.pauseReschedule;
                t.reject(paused, "The flow is paused, new tasks can execute after resuming flow run: " + flowRun.id + ".");
            } else if (flowState.type != RUNNING) {
                t.abort("The enclosing flow must be running to begin task execution.");
            }
        }
    }

    /**
     * Takes a slot of the limit of each of the task run's tags ({@code tag:<tag>}) before it may
     * run, as Prefect's {@code SecureTaskConcurrencySlots}: an active limit of 0 aborts (the task
     * would wait forever); if a limit is full the transition waits (the most contended limit's
     * average occupancy, at most {@code PREFECT_SERVER_TASKS_TAG_CONCURRENCY_SLOT_WAIT_SECONDS},
     * jittered); else the slots are taken under one lease held by the task run, which
     * {@link #RELEASE_TASK_CONCURRENCY_SLOTS} gives back when the run leaves Running. If another
     * rule changes the transition afterwards, the slots are given back at once.
     */
    static final class SecureTaskConcurrencySlots extends Rule {
        private ConcurrencyLeaseRow lease;

        SecureTaskConcurrencySlots() {
            super(TypeSet.ALL, TypeSet.of(RUNNING));
        }

        @Override
        void before(Transition t) {
            ConcurrencySlots slots = t.orchestrator.slots();
            List<ConcurrencyLimitRow> limits = slots.byNames(t.tables,
                    t.run.tags.stream().map(tag -> ConcurrencySlots.TAG_PREFIX + tag).toList());
            for (ConcurrencyLimitRow limit : limits) {
                if (limit.active && limit.limit == 0) {
                    t.abort("The concurrency limit on tag \"" + tagOf(limit) + "\" is 0 and will deadlock if the task tries"
                            + " to run again.");
                    return;
                }
            }
            List<ConcurrencyLimitRow> active = limits.stream().filter(l -> l.active && l.limit > 0).toList();
            if (active.isEmpty()) {
                return;
            }
            List<UUID> ids = active.stream().map(l -> l.id).toList();
            if (!slots.acquire(t.tables, ids, 1, t.now)) {
                ConcurrencyLimitRow blocking = active.get(0);
                for (ConcurrencyLimitRow l : active) {
                    if ((double) l.activeSlots / l.limit > (double) blocking.activeSlots / blocking.limit) {
                        blocking = l;
                    }
                }
                double maxWait = slots.tagWaitSeconds();
                double average = Math.min(blocking.avgSlotOccupancySeconds == 0 ? maxWait : blocking.avgSlotOccupancySeconds,
                        maxWait);
                t.delay((long) Math.rint(slots.jitter(average)), "Concurrency limit reached for tags: "
                        + String.join(", ", active.stream().map(TaskRules::tagOf).toList()));
                return;
            }
            lease = slots.lease(t.tables, ids, 1, ConcurrencySlots.V1_LEASE_TTL, "task_run", t.run.id, t.now);
        }

        @Override
        void cleanup(Transition t) {
            if (lease != null) {
                t.orchestrator.slots().releaseLease(t.tables, lease, false, t.now);
            }
        }
    }

    /**
     * Gives back the slots a task run holds on its tags' limits when it enters a state other than
     * Running or Cancelling, as Prefect's {@code ReleaseTaskConcurrencySlots} (in every task policy,
     * forced proposals too).
     */
    static final Transform RELEASE_TASK_CONCURRENCY_SLOTS = new Transform() {
        @Override
        public void after(Transition t) {
            StateType type = t.validated == null ? null : t.validated.type;
            if (type != null && type != RUNNING && type != CANCELLING) {
                t.orchestrator.slots().releaseTaskRun(t.tables, t.run.tags, t.run.id, t.now);
            }
        }
    };

    private static String tagOf(ConcurrencyLimitRow limit) {
        return limit.name.substring(ConcurrencySlots.TAG_PREFIX.length());
    }

    /**
     * Turns Failed into AwaitingRetry while the task run has retries left, waiting its
     * {@code empirical_policy}'s {@code retry_delay} (one number, or one per attempt), spread by
     * {@code retry_jitter_factor}; a state marked {@code retriable: false} is not retried.
     */
    static final class RetryFailedTasks extends Rule {
        RetryFailedTasks() {
            super(TypeSet.of(RUNNING), TypeSet.of(FAILED));
        }

        @Override
        void before(Transition t) {
            if (Boolean.FALSE.equals(t.proposed.details.retriable)) {
                return;
            }
            Long retries = EmpiricalPolicy.retries(t.policy());
            if (retries == null || t.run.runCount > retries) {
                return;
            }
            double delay = baseDelay(t.policy().get("retry_delay"), t.run.runCount);
            Object jitter = t.policy().get("retry_jitter_factor");
            if (jitter instanceof Number && ((Number) jitter).doubleValue() > 0) {
                delay = new Jitter(t.orchestrator.random()).clamped(delay, ((Number) jitter).doubleValue());
            }
            Instant at = t.now.plus(Duration.ofNanos(Math.round(delay * 1e9)));
            t.reject(States.awaitingRetry(t.now, at, t.proposed.message, t.proposed.data), "Retrying");
        }

        /** Returns the delay before attempt {@code runCount + 1}: a list holds one per attempt, its last repeating. */
        static double baseDelay(Object retryDelay, int runCount) {
            if (retryDelay instanceof List) {
                List<?> delays = (List<?>) retryDelay;
                if (delays.isEmpty()) {
                    return 0;
                }
                int index = Math.min(runCount - 1, delays.size() - 1);
                if (index < 0) {
                    index = delays.size() + index; // as Python reads a negative index
                }
                Object d = delays.get(Math.max(index, 0));
                return d instanceof Number ? ((Number) d).doubleValue() : 0;
            }
            return retryDelay instanceof Number ? ((Number) retryDelay).doubleValue() : 0;
        }
    }

    /** Names a Running state of a run that ran before "Retrying" (after AwaitingRetry) or "Rerunning". */
    static final class RenameReruns extends Rule {
        RenameReruns() {
            super(TypeSet.ALL, TypeSet.of(RUNNING));
        }

        @Override
        void before(Transition t) {
            if (t.initial == null || t.run.runCount <= 0) {
                return;
            }
            t.rename("AwaitingRetry".equals(t.initial.name) ? "Retrying" : "Rerunning");
        }
    }

    /** Records which attempt of its flow run a task run last ran in. */
    static final class UpdateFlowRunTrackerOnTasks extends Rule {
        UpdateFlowRunTrackerOnTasks() {
            super(TypeSet.ALL, TypeSet.of(RUNNING));
        }

        @Override
        void after(Transition t) {
            flowRunOf(t).ifPresent(flowRun -> t.taskRun().flowRunRunCount = flowRun.runCount);
        }
    }
}
