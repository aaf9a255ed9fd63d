package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.orchestration.ConcurrencySlots;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.ConcurrencyLeaseRow;
import dev.jprefect.server.internal.storage.ConcurrencyLimitRow;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.Transaction;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Task-run concurrency limits by tag, as Prefect 3.9.1's {@code /concurrency_limits} routes: an
 * adapter over the global limits, where the limit of tag {@code t} is the global limit named
 * {@code tag:t} and the task runs holding its slots are the holders of its leases. Create (or
 * update) by tag, read by id or tag, list, delete, reset, and take or give back one slot per tag
 * for a task run. (Prefect's older table of tag limits, read only before its migration, has no
 * counterpart: jprefect never had one.)
 */
public final class TagConcurrencyLimits {
    /** Prefect's answer for a tag (or id) without a limit. */
    public static final String NOT_FOUND = "Concurrency limit not found";

    /**
     * {@code ConcurrencyLimitCreate}. The tag becomes part of a limit name, so it may not hold a
     * character names may not: where Prefect then fails with a 500, jprefect answers 422 at the tag.
     */
    public static final Schema CREATE_BODY = Schema.object("ConcurrencyLimitCreate")
            .required("tag", Schema.string().pattern("^[^/%&><]*$"))
            .required("concurrency_limit", Schema.integer())
            .forbidExtra();
    /** The body of {@code /concurrency_limits/increment} and {@code /decrement}. */
    public static final Schema SLOT_BODY = Schema.object("Body_increment_concurrency_limits_v1_concurrency_limits_increment_post")
            .required("names", Schema.list(Schema.string()))
            .required("task_run_id", Schema.uuid());
    /** The body of {@code /concurrency_limits/tag/{tag}/reset}. */
    public static final Schema RESET_BODY = Schema.object("Body_reset_concurrency_limit_by_tag_concurrency_limits_tag__tag__reset_post")
            .optional("slot_override", Schema.list(Schema.uuid()).nullable());

    private final Storage storage;
    private final InstantSource clock;
    private final ConcurrencySlots slots;

    TagConcurrencyLimits(Storage storage, InstantSource clock, ConcurrencySlots slots) {
        this.storage = storage;
        this.clock = clock;
        this.slots = slots;
    }

    /**
     * The answer to a create: the limit, and whether it was made (201) rather than updated (200).
     *
     * @param view the limit as Prefect's {@code ConcurrencyLimit}
     * @param created true if no limit had the tag
     */
    public record Upserted(Map<String, Object> view, boolean created) {
    }

    /**
     * The answer to a task run's request for slots: the limits taken (as Prefect's
     * {@code MinimalConcurrencyLimitResponse}, named by tag), or the reason it was refused (423),
     * with the seconds to wait when the refusal is temporary.
     *
     * @param limits the limits taken, when taken
     * @param refusal why not, or null
     * @param retryAfterSeconds the advised wait of a full limit, else null
     */
    public record Taken(List<Map<String, Object>> limits, String refusal, Double retryAfterSeconds) {
    }

    /** Creates the limit of a validated {@code ConcurrencyLimitCreate}'s tag, or sets the limit of the one there is. */
    public Upserted upsert(Obj body) {
        String tag = body.string("tag");
        long limit = body.integer("concurrency_limit");
        Instant now = clock.instant();
        return storage.write(tx -> {
            Optional<ConcurrencyLimitRow> existing = byTag(tx, tag);
            ConcurrencyLimitRow row = existing.orElseGet(() -> {
                ConcurrencyLimitRow made = new ConcurrencyLimitRow();
                made.id = UUID.randomUUID();
                made.created = now;
                made.name = ConcurrencySlots.TAG_PREFIX + tag;
                return made;
            });
            row.limit = limit;
            row.updated = now;
            tx.table(ConcurrencyLimitRow.TABLE).put(row);
            return new Upserted(view(tx, row, tag, now), existing.isEmpty());
        });
    }

    /** Returns the limit with {@code id}, if it is a tag's. */
    public Optional<Map<String, Object>> read(UUID id) {
        Instant now = clock.instant();
        return storage.read(tx -> tx.table(ConcurrencyLimitRow.TABLE).get(id)
                .filter(l -> l.name.startsWith(ConcurrencySlots.TAG_PREFIX))
                .map(l -> view(tx, l, tagOf(l), now)));
    }

    /** Returns the limit of {@code tag}, if any. */
    public Optional<Map<String, Object>> readByTag(String tag) {
        Instant now = clock.instant();
        return storage.read(tx -> byTag(tx, tag).map(l -> view(tx, l, tag, now)));
    }

    /**
     * Returns the tags' limits among the first {@code offset + limit} global limits by name, from
     * {@code offset}, at most {@code limit} (Prefect pages the global limits first, then keeps the
     * tags' ones).
     */
    public List<Map<String, Object>> filter(long offset, int limit) {
        Instant now = clock.instant();
        return storage.read(tx -> {
            List<Map<String, Object>> tags = new ArrayList<>();
            for (ConcurrencyLimitRow l : ConcurrencyLimits.all(tx, 0, offset + limit)) {
                if (l.name.startsWith(ConcurrencySlots.TAG_PREFIX)) {
                    tags.add(view(tx, l, tagOf(l), now));
                }
            }
            return tags.subList((int) Math.min(offset, tags.size()), (int) Math.min(offset + limit, tags.size()));
        });
    }

    /**
     * Revokes every lease on the limit of {@code tag} (its slot count is left as it is, as
     * Prefect's) and gives one slot, under a lease, to each task run of {@code override}; false if
     * the tag has no limit.
     */
    public boolean reset(String tag, List<UUID> override) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            Optional<ConcurrencyLimitRow> found = byTag(tx, tag);
            found.ifPresent(limit -> {
                slots.revokeLeasesOf(tx, limit.id);
                for (UUID taskRunId : override == null ? List.<UUID>of() : override) {
                    slots.acquire(tx, List.of(limit.id), 1, now);
                    slots.lease(tx, List.of(limit.id), 1, ConcurrencySlots.V1_LEASE_TTL, "task_run", taskRunId, now);
                }
            });
            return found.isPresent();
        });
    }

    /** Deletes the limit with {@code id} (any global limit, as Prefect's) and revokes its leases; false if there is none. */
    public boolean delete(UUID id) {
        return storage.write(tx -> tx.table(ConcurrencyLimitRow.TABLE).get(id).map(l -> delete(tx, l)).orElse(false));
    }

    /** Deletes the limit of {@code tag} and revokes its leases; false if there is none. */
    public boolean deleteByTag(String tag) {
        return storage.write(tx -> byTag(tx, tag).map(l -> delete(tx, l)).orElse(false));
    }

    private boolean delete(Transaction tx, ConcurrencyLimitRow limit) {
        slots.revokeLeasesOf(tx, limit.id);
        return tx.table(ConcurrencyLimitRow.TABLE).remove(limit.id);
    }

    /**
     * Takes one slot of the active limit of every tag of {@code tags} for task run {@code taskRunId},
     * under one lease it holds, or none: refused if a tag's limit is 0 (it would deadlock) or full.
     */
    public Taken increment(List<String> tags, UUID taskRunId) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            Map<String, ConcurrencyLimitRow> byTag = new LinkedHashMap<>();
            for (ConcurrencyLimitRow l : slots.byNames(tx, tags.stream().map(t -> ConcurrencySlots.TAG_PREFIX + t).toList())) {
                byTag.put(tagOf(l), l);
            }
            for (String tag : tags) {
                ConcurrencyLimitRow l = byTag.get(tag);
                if (l != null && l.limit == 0) {
                    return new Taken(List.of(), "The concurrency limit on tag \"" + tag
                            + "\" is 0 and will deadlock if the task tries to run again.", null);
                }
            }
            List<UUID> ids = new ArrayList<>();
            List<String> taking = new ArrayList<>();
            for (String tag : tags) {
                ConcurrencyLimitRow l = byTag.get(tag);
                if (l != null && l.active) {
                    ids.add(l.id);
                    taking.add(tag);
                }
            }
            if (ids.isEmpty()) {
                return new Taken(List.of(), null, null);
            }
            if (!slots.acquire(tx, ids, 1, now)) {
                return new Taken(List.of(), "Concurrency limit for the " + taking.get(0) + " tag has been reached",
                        slots.tagWaitSeconds());
            }
            slots.lease(tx, ids, 1, ConcurrencySlots.V1_LEASE_TTL, "task_run", taskRunId, now);
            return new Taken(taking.stream().map(t -> ConcurrencyLimits.minimal(byTag.get(t), t)).toList(), null, null);
        });
    }

    /**
     * Gives back the slots task run {@code taskRunId} holds on the limits of {@code tags} (every
     * lease it holds on any of them, whole) and returns those limits, by their full names.
     */
    public List<Map<String, Object>> decrement(List<String> tags, UUID taskRunId) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            List<ConcurrencyLimitRow> limits = slots.byNames(tx, tags.stream().map(t -> ConcurrencySlots.TAG_PREFIX + t).toList());
            Set<UUID> seen = new LinkedHashSet<>();
            List<ConcurrencyLeaseRow> leases = new ArrayList<>();
            for (ConcurrencyLimitRow limit : limits) {
                for (ConcurrencyLeaseRow lease : slots.holders(tx, limit.id, now)) {
                    if (taskRunId.equals(lease.holderId) && seen.add(lease.id)) {
                        leases.add(lease);
                    }
                }
            }
            for (ConcurrencyLeaseRow lease : leases) {
                slots.releaseLease(tx, lease, false, now);
            }
            return limits.stream().map(l -> ConcurrencyLimits.minimal(l, l.name)).toList();
        });
    }

    private static Optional<ConcurrencyLimitRow> byTag(Transaction tx, String tag) {
        return tx.table(ConcurrencyLimitRow.TABLE).findUnique(ConcurrencyLimitRow.BY_NAME, ConcurrencySlots.TAG_PREFIX + tag);
    }

    private static String tagOf(ConcurrencyLimitRow limit) {
        return limit.name.substring(ConcurrencySlots.TAG_PREFIX.length());
    }

    /** Prefect's {@code ConcurrencyLimit}: the tag, the limit, and the task runs holding its slots now. */
    private Map<String, Object> view(Transaction tx, ConcurrencyLimitRow limit, String tag, Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", limit.id);
        out.put("created", limit.created);
        out.put("updated", limit.updated);
        out.put("tag", tag);
        out.put("concurrency_limit", limit.limit);
        List<Object> holders = new ArrayList<>();
        for (ConcurrencyLeaseRow lease : slots.holders(tx, limit.id, now)) {
            if ("task_run".equals(lease.holderType)) {
                holders.add(lease.holderId);
            }
        }
        out.put("active_slots", holders);
        return out;
    }
}
