package dev.jprefect.server.internal.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What flow runs and task runs share: a name, tags, the current state and the bookkeeping that
 * orchestration keeps (run count, start and end times, time spent running).
 *
 * @param <R> the concrete row type
 */
public abstract class RunRow<R extends RunRow<R>> extends Row<R> {
    public String name;
    /** Immutable. */
    public List<String> tags = List.of();
    /** Immutable, or null. */
    public Map<String, Object> labels;
    /** The retry settings and orchestration flags: an immutable JSON object. */
    public Map<String, Object> empiricalPolicy = Map.of();
    /** The current state, or null before the first one. */
    public StateRow state;
    public int runCount;
    public Instant expectedStartTime;
    public Instant nextScheduledStartTime;
    public Instant startTime;
    public Instant endTime;
    public Duration totalRunTime = Duration.ZERO;

    /** The name of any run. */
    public static <R extends RunRow<R>> Column<R, String> name() {
        return Column.of("name", (R r) -> r.name);
    }

    /** The tags of any run. */
    public static <R extends RunRow<R>> Column<R, List<String>> tags() {
        return Column.of("tags", (R r) -> r.tags);
    }

    public static <R extends RunRow<R>> Column<R, Instant> startTime() {
        return Column.of("start_time", (R r) -> r.startTime);
    }

    public static <R extends RunRow<R>> Column<R, Instant> endTime() {
        return Column.of("end_time", (R r) -> r.endTime);
    }

    public static <R extends RunRow<R>> Column<R, Instant> expectedStartTime() {
        return Column.of("expected_start_time", (R r) -> r.expectedStartTime);
    }

    public static <R extends RunRow<R>> Column<R, Instant> nextScheduledStartTime() {
        return Column.of("next_scheduled_start_time", (R r) -> r.nextScheduledStartTime);
    }

    /** The type of any run's current state, as its name ({@code "RUNNING"}), or null. */
    public static <R extends RunRow<R>> Column<R, String> currentStateType() {
        return Column.of("state_type", (R r) -> r.state == null ? null : r.state.type.name());
    }

    /** The name of any run's current state, or null. */
    public static <R extends RunRow<R>> Column<R, String> currentStateName() {
        return Column.of("state_name", (R r) -> r.state == null ? null : r.state.name);
    }

    /** Returns the type of the current state, or null. */
    public StateType stateType() {
        return state == null ? null : state.type;
    }

    /** Copies the shared run fields into {@code target} and returns it. */
    protected final R copyRun(R target) {
        RunRow<R> t = target;
        copyBase(target);
        t.name = name;
        t.tags = tags;
        t.labels = labels;
        t.empiricalPolicy = empiricalPolicy;
        t.state = state == null ? null : state.copy();
        t.runCount = runCount;
        t.expectedStartTime = expectedStartTime;
        t.nextScheduledStartTime = nextScheduledStartTime;
        t.startTime = startTime;
        t.endTime = endTime;
        t.totalRunTime = totalRunTime;
        return target;
    }
}
