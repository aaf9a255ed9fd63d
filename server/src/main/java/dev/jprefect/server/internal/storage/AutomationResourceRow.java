package dev.jprefect.server.internal.storage;

import java.util.UUID;

/**
 * A resource an automation is related to, as Prefect's {@code automation_related_resource} table:
 * the deployments its run-deployment actions select, and the resource that owns it (a deployment
 * whose triggers made it). One row per automation and resource.
 */
public final class AutomationResourceRow extends Row<AutomationResourceRow> {
    public static final Column<AutomationResourceRow, UUID> AUTOMATION_ID = Column.of("automation_id", r -> r.automationId);
    public static final Column<AutomationResourceRow, String> RESOURCE_ID = Column.of("resource_id", r -> r.resourceId);
    public static final Index<AutomationResourceRow> BY_AUTOMATION = Index.on(AUTOMATION_ID);
    public static final Index<AutomationResourceRow> BY_RESOURCE = Index.on(RESOURCE_ID);
    public static final TableSpec<AutomationResourceRow> TABLE = TableSpec.of("automation_related_resource",
            BY_AUTOMATION, BY_RESOURCE);

    public UUID automationId;
    /** A {@code prefect.resource.id}, e.g. {@code prefect.deployment.<id>}. */
    public String resourceId;
    /** Whether the resource owns the automation (its deletion deletes the automation). */
    public boolean ownedByResource;

    @Override
    public AutomationResourceRow copy() {
        AutomationResourceRow c = copyBase(new AutomationResourceRow());
        c.automationId = automationId;
        c.resourceId = resourceId;
        c.ownedByResource = ownedByResource;
        return c;
    }
}
