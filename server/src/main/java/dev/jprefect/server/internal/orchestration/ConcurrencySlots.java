package dev.jprefect.server.internal.orchestration;

import dev.jprefect.internal.math.Jitter;
import dev.jprefect.server.internal.storage.ConcurrencyLeaseRow;
import dev.jprefect.server.internal.storage.ConcurrencyLimitRow;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.Query;
import dev.jprefect.server.internal.storage.Table;
import dev.jprefect.server.internal.storage.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.DoubleSupplier;

/**
 * The slots of concurrency limits and the leases that hold them, as Prefect's
 * {@code models.concurrency_limits_v2} and its concurrency lease storage: the one place slots are
 * taken, given back, denied and leased, for the concurrency routes' model operations and for the
 * task-run orchestration rules alike. Every operation runs inside the caller's write transaction,
 * so checking the free slots and taking them is atomic: the store's serializable write
 * transactions are what keep two clients from taking more slots than a limit has.
 *
 * <p><b>Decay.</b> As Prefect's SQL does, a limit's stored {@code active_slots} and
 * {@code denied_slots} are as of its {@code updated} time; read now they have decayed by
 * {@code floor(rate * seconds since updated)} (never below 0), and every change stores the
 * decayed value with {@code updated} set to now. Active slots decay at
 * {@code slot_decay_per_second} (0 for a plain concurrency limit); denied slots at that rate, or,
 * for a limit without decay, at one per average occupancy (clamped to at least
 * {@link #MINIMUM_OCCUPANCY_SECONDS_PER_SLOT} and at most the wait bound of the limit's kind).
 */
public final class ConcurrencySlots {
    /** Prefect's {@code MINIMUM_OCCUPANCY_SECONDS_PER_SLOT}: keeps the average occupancy from reaching 0. */
    static final double MINIMUM_OCCUPANCY_SECONDS_PER_SLOT = 0.1;
    /** Prefect's {@code OCCUPANCY_SAMPLES_MULTIPLIER}: the average occupancy spans this many times the limit's samples. */
    static final int OCCUPANCY_SAMPLES_MULTIPLIER = 2;
    /** Prefect's {@code V1_LEASE_TTL}: leases of tag limits, whose clients never renew them, last about 100 years. */
    public static final Duration V1_LEASE_TTL = Duration.ofDays(100 * 365);
    /** The prefix of a tag's limit name: the task-run limit of tag {@code t} is the global limit {@code tag:t}. */
    public static final String TAG_PREFIX = "tag:";
    /** Prefect's {@code clamped_poisson_interval} clamping factor. */
    private static final double CLAMPING_FACTOR = 0.3;

    private final double maximumWaitSeconds;
    private final double tagWaitSeconds;
    private final Jitter jitter;

    /**
     * @param maximumWaitSeconds {@code PREFECT_SERVER_CONCURRENCY_MAXIMUM_CONCURRENCY_SLOT_WAIT_SECONDS}
     * @param tagWaitSeconds {@code PREFECT_SERVER_TASKS_TAG_CONCURRENCY_SLOT_WAIT_SECONDS}
     * @param random uniform draws from [0, 1), for the jitter of advised waits
     */
    public ConcurrencySlots(double maximumWaitSeconds, double tagWaitSeconds, DoubleSupplier random) {
        this.maximumWaitSeconds = maximumWaitSeconds;
        this.tagWaitSeconds = tagWaitSeconds;
        this.jitter = new Jitter(random);
    }

    /** Returns {@code PREFECT_SERVER_TASKS_TAG_CONCURRENCY_SLOT_WAIT_SECONDS}. */
    public double tagWaitSeconds() {
        return tagWaitSeconds;
    }

    /** Returns the limits named {@code names} that exist, in the order of their names (as the name index yields them). */
    public List<ConcurrencyLimitRow> byNames(Transaction tx, Collection<String> names) {
        Table<ConcurrencyLimitRow> limits = tx.table(ConcurrencyLimitRow.TABLE);
        List<ConcurrencyLimitRow> found = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            limits.findUnique(ConcurrencyLimitRow.BY_NAME, name).ifPresent(found::add);
        }
        found.sort(Comparator.comparing(l -> l.name));
        return found;
    }

    /** Returns the slots {@code limit} has taken at {@code now}, after decay. */
    public static long activeSlots(ConcurrencyLimitRow limit, Instant now) {
        return decayed(limit.activeSlots, limit.slotDecayPerSecond, limit, now);
    }

    private long deniedSlots(ConcurrencyLimitRow limit, Instant now) {
        double rate = limit.slotDecayPerSecond > 0 ? limit.slotDecayPerSecond
                : 1.0 / Math.max(MINIMUM_OCCUPANCY_SECONDS_PER_SLOT, Math.min(limit.avgSlotOccupancySeconds, waitBound(limit)));
        return decayed(limit.deniedSlots, rate, limit, now);
    }

    private static long decayed(long slots, double rate, ConcurrencyLimitRow limit, Instant now) {
        double seconds = Math.max(0, Duration.between(limit.updated, now).toNanos() / 1e9);
        return Math.max(0, slots - (long) Math.floor(rate * seconds));
    }

    /** The longest wait advised for {@code limit}: the tag bound for a tag's limit, else the global one. */
    private double waitBound(ConcurrencyLimitRow limit) {
        return limit.name.startsWith(TAG_PREFIX) ? tagWaitSeconds : maximumWaitSeconds;
    }

    /**
     * Takes {@code slots} of every limit of {@code ids} that is active, or of none: true if each
     * one had them free (a limit named twice, or inactive, or gone, counts as not taken, as
     * Prefect's row count does).
     */
    public boolean acquire(Transaction tx, List<UUID> ids, long slots, Instant now) {
        Table<ConcurrencyLimitRow> table = tx.table(ConcurrencyLimitRow.TABLE);
        List<ConcurrencyLimitRow> taking = new ArrayList<>();
        for (UUID id : new LinkedHashSet<>(ids)) {
            Optional<ConcurrencyLimitRow> row = table.getForUpdate(id);
            if (row.isPresent() && row.get().active && activeSlots(row.get(), now) + slots <= row.get().limit) {
                taking.add(row.get());
            }
        }
        if (taking.size() != ids.size()) {
            return false;
        }
        for (ConcurrencyLimitRow limit : taking) {
            limit.activeSlots = activeSlots(limit, now) + slots;
            limit.deniedSlots = deniedSlots(limit, now);
            limit.updated = now;
            table.put(limit);
        }
        return true;
    }

    /**
     * Gives back {@code slots} of every active limit of {@code ids} (never below 0); with an
     * occupancy, folds the seconds each slot was held into the limit's average occupancy.
     */
    public void release(Transaction tx, Collection<UUID> ids, long slots, Double occupancySeconds, Instant now) {
        Table<ConcurrencyLimitRow> table = tx.table(ConcurrencyLimitRow.TABLE);
        for (UUID id : new LinkedHashSet<>(ids)) {
            Optional<ConcurrencyLimitRow> row = table.getForUpdate(id);
            if (row.isEmpty() || !row.get().active) {
                continue;
            }
            ConcurrencyLimitRow limit = row.get();
            long active = activeSlots(limit, now);
            limit.deniedSlots = deniedSlots(limit, now);
            limit.activeSlots = Math.max(0, active - slots);
            if (occupancySeconds != null && occupancySeconds != 0 && limit.limit != 0) {
                double perSlot = Math.max(occupancySeconds / slots, MINIMUM_OCCUPANCY_SECONDS_PER_SLOT);
                double samples = (double) limit.limit * OCCUPANCY_SAMPLES_MULTIPLIER;
                limit.avgSlotOccupancySeconds = limit.avgSlotOccupancySeconds + perSlot / samples
                        - limit.avgSlotOccupancySeconds / samples;
            }
            limit.updated = now;
            table.put(limit);
        }
    }

    /** Counts {@code slots} more denied on every active limit of {@code limits}. */
    public void deny(Transaction tx, List<ConcurrencyLimitRow> limits, long slots, Instant now) {
        Table<ConcurrencyLimitRow> table = tx.table(ConcurrencyLimitRow.TABLE);
        for (ConcurrencyLimitRow read : limits) {
            Optional<ConcurrencyLimitRow> row = table.getForUpdate(read.id);
            if (row.isPresent() && row.get().active) {
                ConcurrencyLimitRow limit = row.get();
                limit.deniedSlots = deniedSlots(limit, now) + slots;
                limit.updated = now;
                table.put(limit);
            }
        }
    }

    /**
     * Returns the seconds a client denied {@code slots} of {@code limits} (as read before the
     * denial) is advised to wait, as Prefect's {@code Retry-After}: from the most blocking active
     * limit, by its decay rate, or for a limit without decay by its average occupancy capped at its
     * wait bound, jittered.
     */
    public double retryAfter(List<ConcurrencyLimitRow> limits, long slots) {
        ConcurrencyLimitRow blocking = null;
        double most = Double.NEGATIVE_INFINITY;
        for (ConcurrencyLimitRow limit : limits) {
            if (!limit.active) {
                continue;
            }
            double blocked = limit.slotDecayPerSecond > 0 ? slots + limit.deniedSlots
                    : (double) (slots + limit.deniedSlots) / limit.limit;
            if (blocking == null || blocked > most) {
                blocking = limit;
                most = blocked;
            }
        }
        if (blocking == null) {
            return 0;
        }
        double average;
        if (blocking.slotDecayPerSecond == 0.0) {
            double bound = waitBound(blocking);
            average = Math.min(Math.min(blocking.avgSlotOccupancySeconds, bound) * most, bound);
        } else {
            average = (1.0 / blocking.slotDecayPerSecond) * most;
        }
        return jitter(average);
    }

    /** Returns {@code average} jittered as Prefect's {@code clamped_poisson_interval}. */
    double jitter(double average) {
        return jitter.clamped(average, CLAMPING_FACTOR);
    }

    /**
     * Records a lease on {@code slots} of each limit of {@code ids}, held by {@code holderType} /
     * {@code holderId} (both null for no holder), expiring {@code ttl} from {@code now}.
     */
    public ConcurrencyLeaseRow lease(Transaction tx, List<UUID> ids, long slots, Duration ttl, String holderType,
            UUID holderId, Instant now) {
        ConcurrencyLeaseRow lease = new ConcurrencyLeaseRow();
        lease.id = UUID.randomUUID();
        lease.created = now;
        lease.updated = now;
        lease.resourceIds = ids.stream().map(UUID::toString).toList();
        lease.slots = slots;
        lease.holderType = holderType;
        lease.holderId = holderId;
        lease.expiration = now.plus(ttl);
        tx.table(ConcurrencyLeaseRow.TABLE).put(lease);
        return lease;
    }

    /** Returns the lease {@code id}, expired or not, if it was not revoked. */
    public Optional<ConcurrencyLeaseRow> lease(Transaction tx, UUID id) {
        return tx.table(ConcurrencyLeaseRow.TABLE).get(id);
    }

    /** Returns the ids of {@code lease}'s limits. */
    public static List<UUID> limitsOf(ConcurrencyLeaseRow lease) {
        return lease.resourceIds.stream().map(UUID::fromString).toList();
    }

    /**
     * Gives back the slots of {@code lease} and revokes it; with {@code measured}, the time since
     * the lease was made counts as the slots' occupancy.
     */
    public void releaseLease(Transaction tx, ConcurrencyLeaseRow lease, boolean measured, Instant now) {
        Double occupancy = measured ? Duration.between(lease.created, now).toNanos() / 1e9 : null;
        release(tx, limitsOf(lease), lease.slots, occupancy, now);
        tx.table(ConcurrencyLeaseRow.TABLE).remove(lease.id);
    }

    /** Moves the expiry of lease {@code id} to {@code ttl} from {@code now}; false if there is no such lease. */
    public boolean renew(Transaction tx, UUID id, Duration ttl, Instant now) {
        Table<ConcurrencyLeaseRow> leases = tx.table(ConcurrencyLeaseRow.TABLE);
        Optional<ConcurrencyLeaseRow> lease = leases.getForUpdate(id);
        lease.ifPresent(l -> {
            l.expiration = now.plus(ttl);
            l.updated = now;
            leases.put(l);
        });
        return lease.isPresent();
    }

    /** Returns the unexpired leases on limit {@code limitId} that name a holder, oldest first. */
    public List<ConcurrencyLeaseRow> holders(Transaction tx, UUID limitId, Instant now) {
        List<ConcurrencyLeaseRow> held = new ArrayList<>();
        for (ConcurrencyLeaseRow lease : tx.table(ConcurrencyLeaseRow.TABLE).findAll(ConcurrencyLeaseRow.BY_RESOURCE,
                limitId.toString())) {
            if (lease.expiration.isAfter(now) && lease.holderType != null) {
                held.add(lease);
            }
        }
        held.sort(Comparator.comparing((ConcurrencyLeaseRow l) -> l.created).thenComparing(l -> l.id));
        return held;
    }

    /** Revokes every lease on limit {@code limitId} without giving back its slots, as Prefect's tag routes do. */
    public void revokeLeasesOf(Transaction tx, UUID limitId) {
        Table<ConcurrencyLeaseRow> leases = tx.table(ConcurrencyLeaseRow.TABLE);
        for (ConcurrencyLeaseRow lease : leases.findAll(ConcurrencyLeaseRow.BY_RESOURCE, limitId.toString())) {
            leases.remove(lease.id);
        }
    }

    /** Returns up to {@code most} leases expired before {@code now}, soonest expired first. */
    public List<ConcurrencyLeaseRow> expired(Transaction tx, Instant now, int most) {
        return tx.table(ConcurrencyLeaseRow.TABLE).find(Query.of(Condition.between(ConcurrencyLeaseRow.EXPIRATION, null, now))
                .orderBy(List.of(Order.asc(ConcurrencyLeaseRow.EXPIRATION)))
                .page(0, most)).stream().filter(l -> l.expiration.isBefore(now)).toList();
    }

    /**
     * Releases the leases of the task run {@code runId} on the limits of {@code tags}, as Prefect's
     * {@code ReleaseTaskConcurrencySlots} does when a task run leaves Running.
     */
    void releaseTaskRun(Transaction tx, List<String> tags, UUID runId, Instant now) {
        Set<UUID> leases = new HashSet<>();
        List<ConcurrencyLeaseRow> found = new ArrayList<>();
        for (ConcurrencyLimitRow limit : byNames(tx, tags.stream().map(t -> TAG_PREFIX + t).toList())) {
            for (ConcurrencyLeaseRow lease : holders(tx, limit.id, now)) {
                if (runId.equals(lease.holderId) && leases.add(lease.id)) {
                    found.add(lease);
                }
            }
        }
        for (ConcurrencyLeaseRow lease : found) {
            releaseLease(tx, lease, false, now);
        }
    }
}
