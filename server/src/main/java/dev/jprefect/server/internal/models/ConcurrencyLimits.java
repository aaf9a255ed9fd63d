package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.models.FieldTable.Filter;
import dev.jprefect.server.internal.orchestration.ConcurrencySlots;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.Column;
import dev.jprefect.server.internal.storage.ConcurrencyLeaseRow;
import dev.jprefect.server.internal.storage.ConcurrencyLimitRow;
import dev.jprefect.server.internal.storage.ConflictException;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.Query;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Global concurrency limits, as Prefect's {@code /v2/concurrency_limits} and
 * {@code models.concurrency_limits_v2}: create, read, update and delete by id or by name, list by
 * name, and the slot operations clients use: take slots (with or without a lease), give them back
 * (by name or by lease), renew a lease, and the repossessor's round that frees the slots of
 * expired leases. The slot arithmetic is {@link ConcurrencySlots}'; each operation here is one
 * write transaction, so a check and a take are atomic.
 */
public final class ConcurrencyLimits {
    private static final String CREATE = "ConcurrencyLimitV2Create";
    private static final String UPDATE = "ConcurrencyLimitV2Update";
    private static final String LIMIT = "ConcurrencyLimitV2";
    private static final String RESPONSE = "GlobalConcurrencyLimitResponse";

    /** Every field of a limit, once. A {@code null} sent in an update breaks the column's NOT NULL, as in Prefect's database. */
    static final FieldTable<ConcurrencyLimitRow> FIELDS = new FieldTable<ConcurrencyLimitRow>(LIMIT)
            .field("active", Schema.bool(), Column.of("active", c -> c.active), (c, x) -> c.active = (Boolean) notNull(x, "active"),
                    Filter.NONE, CREATE, UPDATE, LIMIT, RESPONSE).defaulted(CREATE, true)
            .field("name", Schema.string().pattern(Bodies.NAME_PATTERN), ConcurrencyLimitRow.NAME,
                    (c, x) -> c.name = (String) notNull(x, "name"), Filter.NONE, CREATE, UPDATE, LIMIT, RESPONSE).required(CREATE)
            .field("limit", Schema.integer().atLeast(0), Column.of("limit", c -> c.limit),
                    (c, x) -> c.limit = (Long) notNull(x, "limit"), Filter.NONE, CREATE, UPDATE, LIMIT, RESPONSE).required(CREATE)
            .field("active_slots", Schema.integer().atLeast(0), Column.of("active_slots", c -> c.activeSlots),
                    (c, x) -> c.activeSlots = (Long) notNull(x, "active_slots"), Filter.NONE, CREATE, UPDATE, LIMIT)
            .defaulted(CREATE, 0L)
            .viewed("active_slots", ConcurrencySlots::activeSlots, RESPONSE)
            .field("denied_slots", Schema.integer().atLeast(0), Column.of("denied_slots", c -> c.deniedSlots),
                    (c, x) -> c.deniedSlots = (Long) notNull(x, "denied_slots"), Filter.NONE, CREATE, UPDATE, LIMIT)
            .defaulted(CREATE, 0L)
            .field("slot_decay_per_second", Schema.numberAtLeast(0), Column.of("slot_decay_per_second", c -> c.slotDecayPerSecond),
                    (c, x) -> c.slotDecayPerSecond = (Double) notNull(x, "slot_decay_per_second"), Filter.NONE,
                    CREATE, UPDATE, LIMIT, RESPONSE).defaulted(CREATE, 0.0)
            .field("avg_slot_occupancy_seconds", Schema.number(),
                    Column.of("avg_slot_occupancy_seconds", c -> c.avgSlotOccupancySeconds), (c, x) -> { }, Filter.NONE, LIMIT);

    /** {@code ConcurrencyLimitV2Create}. */
    public static final Schema CREATE_BODY = FIELDS.model(CREATE);
    /** {@code ConcurrencyLimitV2Update}. */
    public static final Schema UPDATE_BODY = FIELDS.model(UPDATE);
    /** The body of {@code /v2/concurrency_limits/filter} (and of {@code /concurrency_limits/filter}). */
    public static final Schema FILTER_BODY = Schema.object("Body_read_all_concurrency_limits_v2_v2_concurrency_limits_filter_post")
            .optional("limit", Bodies.LIMIT)
            .optional("offset", Schema.integer().atLeast(0), 0L);

    private static final Schema SLOTS = Schema.integer().above(0);
    private static final Schema NAMES = Schema.nonEmptyList(Schema.string(), 1);
    private static final Schema MODE = Schema.oneOf("concurrency", "rate_limit");
    /** Prefect's lease durations: from a minute to a day, five minutes when not given. */
    private static final Schema LEASE_DURATION = Schema.numberBetween(60, 60 * 60 * 24);
    private static final double DEFAULT_LEASE_SECONDS = 300;

    /** The body of {@code /v2/concurrency_limits/increment}. */
    public static final Schema INCREMENT_BODY = Schema.object("Body_bulk_increment_active_slots_v2_concurrency_limits_increment_post")
            .required("slots", SLOTS)
            .required("names", NAMES)
            .optional("mode", MODE, "concurrency")
            .optional("create_if_missing", Schema.bool().nullable());
    /** The body of {@code /v2/concurrency_limits/increment-with-lease}. */
    public static final Schema INCREMENT_WITH_LEASE_BODY = Schema.object(
                    "Body_bulk_increment_active_slots_with_lease_v2_concurrency_limits_increment_with_lease_post")
            .required("slots", SLOTS)
            .required("names", NAMES)
            .optional("mode", MODE, "concurrency")
            .optional("lease_duration", LEASE_DURATION, DEFAULT_LEASE_SECONDS)
            .optional("holder", Schema.object("ConcurrencyLeaseHolder")
                    .required("type", Schema.oneOf("flow_run", "task_run", "deployment"))
                    .required("id", Schema.uuid()).forbidExtra().nullable());
    /** The body of {@code /v2/concurrency_limits/decrement}. */
    public static final Schema DECREMENT_BODY = Schema.object("Body_bulk_decrement_active_slots_v2_concurrency_limits_decrement_post")
            .required("slots", SLOTS)
            .required("names", NAMES)
            .optional("occupancy_seconds", Schema.numberAbove(0).nullable())
            .optional("create_if_missing", Schema.bool());
    /** The body of {@code /v2/concurrency_limits/decrement-with-lease}. */
    public static final Schema DECREMENT_WITH_LEASE_BODY = Schema.object(
                    "Body_bulk_decrement_active_slots_with_lease_v2_concurrency_limits_decrement_with_lease_post")
            .required("lease_id", Schema.uuid());
    /** The body of {@code /v2/concurrency_limits/leases/{lease_id}/renew}. */
    public static final Schema RENEW_BODY = Schema.object("Body_renew_concurrency_lease_v2_concurrency_limits_leases__lease_id__renew_post")
            .optional("lease_duration", LEASE_DURATION, DEFAULT_LEASE_SECONDS);

    private final Storage storage;
    private final InstantSource clock;
    private final ConcurrencySlots slots;

    ConcurrencyLimits(Storage storage, InstantSource clock, ConcurrencySlots slots) {
        this.storage = storage;
        this.clock = clock;
        this.slots = slots;
    }

    /** Which limit a call means: by id, or by name ({@code {id_or_name}} is an id when it reads as a UUID). */
    public record Key(UUID id, String name) {
        /**
         * The key of a path's {@code id_or_name}: an id if Python's {@code uuid.UUID} reads it (32 hex
         * digits, hyphens anywhere, in braces or after {@code urn:uuid:}), else a name.
         */
        public static Key of(String idOrName) {
            String hex = idOrName.replace("urn:", "").replace("uuid:", "");
            hex = stripBraces(hex).replace("-", "");
            if (hex.length() == 32 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return new Key(new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16),
                        Long.parseUnsignedLong(hex.substring(16), 16)), null);
            }
            return new Key(null, idOrName);
        }

        private static String stripBraces(String s) {
            int from = 0;
            int to = s.length();
            while (from < to && (s.charAt(from) == '{' || s.charAt(from) == '}')) {
                from++;
            }
            while (to > from && (s.charAt(to - 1) == '{' || s.charAt(to - 1) == '}')) {
                to--;
            }
            return s.substring(from, to);
        }
    }

    /**
     * The answer to a request for slots: the limits named (as Prefect's
     * {@code MinimalConcurrencyLimitResponse}) and the lease made, if one was asked for; or, when a
     * limit had too few free slots, the seconds to wait before asking again.
     *
     * @param limits the limits named, when the slots were taken
     * @param leaseId the lease holding them, if one was asked for
     * @param retryAfterSeconds the advised wait, when they were not
     */
    public record Slots(List<Map<String, Object>> limits, UUID leaseId, Double retryAfterSeconds) {
        /** Returns true if the slots were taken. */
        public boolean taken() {
            return retryAfterSeconds == null;
        }
    }

    /** Creates a validated {@code ConcurrencyLimitV2Create}; a taken name is a {@link ConflictException}. */
    public Map<String, Object> create(Obj body) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            ConcurrencyLimitRow limit = new ConcurrencyLimitRow();
            limit.id = UUID.randomUUID();
            limit.created = now;
            limit.updated = now;
            FIELDS.apply(CREATE, body, limit);
            tx.table(ConcurrencyLimitRow.TABLE).put(limit);
            return FIELDS.view(LIMIT, limit);
        });
    }

    /** Returns the limit, its active slots as decayed now. */
    public Optional<Map<String, Object>> read(Key key) {
        Instant now = clock.instant();
        return storage.read(tx -> find(tx, key).map(l -> FIELDS.view(RESPONSE, l, now)));
    }

    /** Returns the limits in the order of their names, from {@code offset}, at most {@code limit}. */
    public List<Map<String, Object>> filter(long offset, int limit) {
        Instant now = clock.instant();
        return storage.read(tx -> all(tx, offset, limit).stream().map(l -> FIELDS.view(RESPONSE, l, now)).toList());
    }

    /** Returns the limits in the order of their names, from {@code offset}, at most {@code limit}. */
    static List<ConcurrencyLimitRow> all(Transaction tx, long offset, long limit) {
        return tx.table(ConcurrencyLimitRow.TABLE).find(Query.<ConcurrencyLimitRow>all()
                .orderBy(List.of(Order.asc(ConcurrencyLimitRow.NAME))).page(offset, limit));
    }

    /** Applies a validated {@code ConcurrencyLimitV2Update} (the fields sent); false if there is no such limit. */
    public boolean update(Key key, Obj body) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            Optional<ConcurrencyLimitRow> found = find(tx, key);
            found.ifPresent(l -> {
                FIELDS.apply(UPDATE, body, l);
                l.updated = now;
                tx.table(ConcurrencyLimitRow.TABLE).put(l);
            });
            return found.isPresent();
        });
    }

    /** Deletes the limit; false if there is no such limit. Its leases stay until they end, as Prefect's. */
    public boolean delete(Key key) {
        return storage.write(tx -> find(tx, key).map(l -> tx.table(ConcurrencyLimitRow.TABLE).remove(l.id)).orElse(false));
    }

    /**
     * Takes {@code count} slots of every active limit of {@code names} (limits that do not exist
     * are left out; none at all is success), in {@code concurrency} or {@code rate_limit} mode,
     * under a lease of {@code leaseDuration} held by {@code holder} when a lease is asked for
     * ({@code leaseDuration} not null). Refused (422) when a limit is smaller than the request, or
     * a rate limit is asked of limits without decay. When a limit is full, the denial is counted
     * and the answer says how long to wait.
     */
    public Slots increment(List<String> names, long count, String mode, Double leaseDuration, Obj holder) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            List<ConcurrencyLimitRow> limits = slots.byNames(tx, names);
            List<ConcurrencyLimitRow> active = limits.stream().filter(l -> l.active).toList();
            if (active.stream().anyMatch(l -> l.limit < count)) {
                throw new RefusedException(422, "Slots requested is greater than the limit");
            }
            List<String> nonDecaying = active.stream().filter(l -> l.slotDecayPerSecond == 0.0).map(l -> l.name).toList();
            if ("rate_limit".equals(mode) && !nonDecaying.isEmpty()) {
                throw new RefusedException(422, "Only concurrency limits with slot decay can be used for rate limiting."
                        + " The following limits do not have a decay configured: " + pythonRepr(String.join(",", nonDecaying)));
            }
            if (!slots.acquire(tx, active.stream().map(l -> l.id).toList(), count, now)) {
                slots.deny(tx, active, count, now);
                return new Slots(List.of(), null, slots.retryAfter(limits, count));
            }
            UUID leaseId = null;
            if (leaseDuration != null) {
                ConcurrencyLeaseRow lease = slots.lease(tx, limits.stream().map(l -> l.id).toList(), count,
                        seconds(leaseDuration), holder == null ? null : holder.string("type"),
                        holder == null ? null : holder.uuid("id"), now);
                leaseId = lease.id;
            }
            return new Slots(limits.stream().map(l -> minimal(l, l.name)).toList(), leaseId, null);
        });
    }

    /**
     * Gives back {@code count} slots of every active limit of {@code names}; with an occupancy,
     * folds it into their average. Returns the limits named that exist.
     */
    public List<Map<String, Object>> decrement(List<String> names, long count, Double occupancySeconds) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            List<ConcurrencyLimitRow> limits = slots.byNames(tx, names);
            slots.release(tx, limits.stream().filter(l -> l.active).map(l -> l.id).toList(), count, occupancySeconds, now);
            return limits.stream().map(l -> minimal(l, l.name)).toList();
        });
    }

    /** Gives back the slots of lease {@code leaseId} (their occupancy the lease's age) and revokes it; nothing if there is none. */
    public void decrementLease(UUID leaseId) {
        Instant now = clock.instant();
        storage.write(tx -> {
            slots.lease(tx, leaseId).ifPresent(lease -> slots.releaseLease(tx, lease, true, now));
            return null;
        });
    }

    /** Extends lease {@code leaseId} to {@code leaseDuration} seconds from now; false if it expired away or was revoked. */
    public boolean renew(UUID leaseId, double leaseDuration) {
        Instant now = clock.instant();
        return storage.write(tx -> slots.renew(tx, leaseId, seconds(leaseDuration), now));
    }

    /**
     * One round of Prefect's repossessor: gives back the slots of up to {@code batch} leases that
     * expired (their occupancy the lease's age) and revokes them. Returns how many it revoked.
     */
    public int repossessExpiredLeases(int batch) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            List<ConcurrencyLeaseRow> expired = slots.expired(tx, now, batch);
            for (ConcurrencyLeaseRow lease : expired) {
                slots.releaseLease(tx, lease, true, now);
            }
            return expired.size();
        });
    }

    /** Returns Prefect's {@code MinimalConcurrencyLimitResponse} of {@code limit}, named {@code name}. */
    static Map<String, Object> minimal(ConcurrencyLimitRow limit, String name) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", limit.id);
        out.put("name", name);
        out.put("limit", limit.limit);
        return out;
    }

    private static Optional<ConcurrencyLimitRow> find(Transaction tx, Key key) {
        return key.id() != null ? tx.table(ConcurrencyLimitRow.TABLE).get(key.id())
                : tx.table(ConcurrencyLimitRow.TABLE).findUnique(ConcurrencyLimitRow.BY_NAME, key.name());
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    private static Object notNull(Object value, String column) {
        if (value == null) {
            throw new ConflictException("NOT NULL constraint failed: concurrency_limit_v2." + column);
        }
        return value;
    }

    /** Python's {@code repr} of a string: single quotes, unless it holds one and no double quote. */
    private static String pythonRepr(String s) {
        if (s.contains("'") && !s.contains("\"")) {
            return "\"" + s + "\"";
        }
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
