package dev.jprefect.client.schemas;

/**
 * Which deployments to match, Prefect's {@code DeploymentFilter} (the concurrency-limit and
 * flow-or-deployment-name criteria are not covered). Null criteria are not sent.
 *
 * <pre>{@code
 * DeploymentFilter mine = DeploymentFilter.all().withName(StringFilter.anyOf("nightly")).withPaused(BooleanFilter.is(false));
 * }</pre>
 *
 * @param operator how the criteria combine, or null ({@code and_})
 * @param id criterion on the id ({@code any_}, {@code not_any_})
 * @param name criterion on the name ({@code any_}, {@code like_})
 * @param tags criterion on the tags ({@code all_}, {@code any_}, {@code is_null_})
 * @param paused criterion on whether it is paused ({@code eq_})
 * @param workQueueName criterion on the work queue's name ({@code any_})
 */
public record DeploymentFilter(
        Operator operator,
        IdFilter id,
        StringFilter name,
        TagsFilter tags,
        BooleanFilter paused,
        StringFilter workQueueName) {

    private static final DeploymentFilter ALL = new DeploymentFilter(null, null, null, null, null, null);

    /** Returns the filter that matches every deployment. */
    public static DeploymentFilter all() {
        return ALL;
    }

    /** Returns a copy with another id criterion. */
    public DeploymentFilter withId(IdFilter value) {
        return new DeploymentFilter(operator, value, name, tags, paused, workQueueName);
    }

    /** Returns a copy with another name criterion. */
    public DeploymentFilter withName(StringFilter value) {
        return new DeploymentFilter(operator, id, value, tags, paused, workQueueName);
    }

    /** Returns a copy with another tags criterion. */
    public DeploymentFilter withTags(TagsFilter value) {
        return new DeploymentFilter(operator, id, name, value, paused, workQueueName);
    }

    /** Returns a copy with another paused criterion. */
    public DeploymentFilter withPaused(BooleanFilter value) {
        return new DeploymentFilter(operator, id, name, tags, value, workQueueName);
    }

    /** Returns a copy with another work queue criterion. */
    public DeploymentFilter withWorkQueueName(StringFilter value) {
        return new DeploymentFilter(operator, id, name, tags, paused, value);
    }
}
