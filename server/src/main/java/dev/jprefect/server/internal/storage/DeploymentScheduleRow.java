package dev.jprefect.server.internal.storage;

import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/** One schedule of a deployment, as Prefect's {@code DeploymentSchedule}. */
public final class DeploymentScheduleRow extends Row<DeploymentScheduleRow> {
    public static final Index<DeploymentScheduleRow> BY_DEPLOYMENT = Index.many("deployment_id", s -> s.deploymentId);
    /** A slug, when given, is unique within its deployment. */
    public static final Index<DeploymentScheduleRow> BY_SLUG = Index.unique("deployment_id, slug",
            s -> s.slug == null ? null : Arrays.asList(s.deploymentId, s.slug));
    public static final TableSpec<DeploymentScheduleRow> TABLE = TableSpec.of("deployment_schedule", BY_DEPLOYMENT, BY_SLUG);

    public UUID deploymentId;
    /** The schedule as Prefect answers it ({@code IntervalSchedule} or {@code CronSchedule}): an immutable JSON object. */
    public Map<String, Object> schedule;
    public boolean active = true;
    public Long maxScheduledRuns;
    /** Immutable JSON object. */
    public Map<String, Object> parameters = Map.of();
    public String slug;

    @Override
    public DeploymentScheduleRow copy() {
        DeploymentScheduleRow c = copyBase(new DeploymentScheduleRow());
        c.deploymentId = deploymentId;
        c.schedule = schedule;
        c.active = active;
        c.maxScheduledRuns = maxScheduledRuns;
        c.parameters = parameters;
        c.slug = slug;
        return c;
    }
}
