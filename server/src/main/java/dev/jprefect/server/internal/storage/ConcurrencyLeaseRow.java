package dev.jprefect.server.internal.storage;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A lease on concurrency slots, as Prefect's {@code ResourceLease} of concurrency-limit metadata:
 * the limits it holds slots of, how many slots of each, who holds them (a flow run, a task run or
 * a deployment, or nobody named), and when it expires unless renewed. Its {@link #created} time is
 * when the slots were taken. Kept in the store beside the limits, so taking slots and recording
 * the lease are one transaction, and leases outlive a restart on a durable store.
 */
public final class ConcurrencyLeaseRow extends Row<ConcurrencyLeaseRow> {
    /** The ids of the limits held, as text. */
    public static final Column<ConcurrencyLeaseRow, List<String>> RESOURCE_IDS = Column.of("resource_ids", l -> l.resourceIds);
    public static final Index<ConcurrencyLeaseRow> BY_RESOURCE = Index.onElements(RESOURCE_IDS);
    public static final Column<ConcurrencyLeaseRow, Instant> EXPIRATION = Column.of("expiration", l -> l.expiration);
    public static final Index<ConcurrencyLeaseRow> BY_EXPIRATION = Index.sorted(EXPIRATION);
    public static final TableSpec<ConcurrencyLeaseRow> TABLE = TableSpec.of("concurrency_lease", BY_RESOURCE, BY_EXPIRATION);

    /** Immutable; the limits' ids as text. */
    public List<String> resourceIds = List.of();
    public long slots;
    /** {@code flow_run}, {@code task_run} or {@code deployment}, or null for no holder. */
    public String holderType;
    public UUID holderId;
    public Instant expiration;

    @Override
    public ConcurrencyLeaseRow copy() {
        ConcurrencyLeaseRow c = copyBase(new ConcurrencyLeaseRow());
        c.resourceIds = resourceIds;
        c.slots = slots;
        c.holderType = holderType;
        c.holderId = holderId;
        c.expiration = expiration;
        return c;
    }
}
