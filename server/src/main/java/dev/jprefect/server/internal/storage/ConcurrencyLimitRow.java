package dev.jprefect.server.internal.storage;

/**
 * A global concurrency limit, as Prefect's {@code ConcurrencyLimitV2}: a named number of slots,
 * the slots taken (which decay at {@link #slotDecayPerSecond} when it is a rate limit), the slots
 * recently denied, and the average time a slot is held. A tag's task-run limit is the limit named
 * {@code tag:<tag>}. Names are unique.
 */
public final class ConcurrencyLimitRow extends Row<ConcurrencyLimitRow> {
    public static final Column<ConcurrencyLimitRow, String> NAME = Column.of("name", c -> c.name);
    public static final Index<ConcurrencyLimitRow> BY_NAME = Index.uniqueOn(NAME);
    public static final TableSpec<ConcurrencyLimitRow> TABLE = TableSpec.of("concurrency_limit_v2", BY_NAME);

    public String name;
    public boolean active = true;
    public long limit;
    /** The slots taken when the row was last {@link #updated}; decay applies from then. */
    public long activeSlots;
    /** The slots denied when the row was last {@link #updated}; decay applies from then. */
    public long deniedSlots;
    public double slotDecayPerSecond;
    public double avgSlotOccupancySeconds = 2.0;

    @Override
    public ConcurrencyLimitRow copy() {
        ConcurrencyLimitRow c = copyBase(new ConcurrencyLimitRow());
        c.name = name;
        c.active = active;
        c.limit = limit;
        c.activeSlots = activeSlots;
        c.deniedSlots = deniedSlots;
        c.slotDecayPerSecond = slotDecayPerSecond;
        c.avgSlotOccupancySeconds = avgSlotOccupancySeconds;
        return c;
    }
}
