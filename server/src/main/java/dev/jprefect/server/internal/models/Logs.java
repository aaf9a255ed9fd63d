package dev.jprefect.server.internal.models;

import static dev.jprefect.server.internal.models.FieldTable.Op.AFTER;
import static dev.jprefect.server.internal.models.FieldTable.Op.ANY;
import static dev.jprefect.server.internal.models.FieldTable.Op.BEFORE;
import static dev.jprefect.server.internal.models.FieldTable.Op.IS_NULL;

import dev.jprefect.server.internal.models.FieldTable.Filter;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.LogRow;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.Storage;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;

/** Logs, as Prefect's {@code models.logs}: create a batch, list. */
public final class Logs {
    /** The longest log text search the schema allows. */
    private static final int MAX_TEXT_QUERY_LENGTH = 200;

    private static final String CREATE = "LogCreate";
    private static final String LOG = "Log";
    private static final String FILTER = "LogFilter";

    /** Every field of a log, once. */
    static final FieldTable<LogRow> FIELDS = new FieldTable<LogRow>(LOG)
            .field("name", Schema.string(), LogRow.NAME, (l, v) -> l.name = (String) v, Filter.NONE, CREATE, LOG)
            .required(CREATE)
            .field("level", Schema.integer().atLeast(Integer.MIN_VALUE).atMost(Integer.MAX_VALUE), LogRow.LEVEL,
                    (l, v) -> l.level = Math.toIntExact((Long) v), Filter.custom(Schema.object("LogFilterLevel")
                            .optional("ge_", Schema.integer().nullable()).optional("le_", Schema.integer().nullable())
                            .forbidExtra(), Logs::level), CREATE, LOG, FILTER)
            .required(CREATE)
            .field("message", Schema.string(), LogRow.MESSAGE, (l, v) -> l.message = (String) v, Filter.NONE, CREATE, LOG)
            .required(CREATE)
            .field("timestamp", Schema.dateTime(), LogRow.TIMESTAMP, (l, v) -> l.timestamp = (Instant) v,
                    Filter.by(Schema.dateTime(), BEFORE, AFTER), CREATE, LOG, FILTER)
            .required(CREATE)
            .field("flow_run_id", Schema.uuid(), LogRow.FLOW_RUN_ID, (l, v) -> l.flowRunId = (UUID) v,
                    Filter.by(Schema.uuid(), ANY), CREATE, LOG, FILTER)
            .field("task_run_id", Schema.uuid(), LogRow.TASK_RUN_ID, (l, v) -> l.taskRunId = (UUID) v,
                    Filter.by(Schema.uuid(), ANY, IS_NULL), CREATE, LOG, FILTER)
            .filter("text", Filter.custom(Schema.object("LogFilterTextSearch")
                    .required("query", Schema.string().maxLength(MAX_TEXT_QUERY_LENGTH)).forbidExtra(), Logs::text), FILTER)
            .sort("TIMESTAMP_ASC", Order.asc(LogRow.TIMESTAMP))
            .sort("TIMESTAMP_DESC", Order.desc(LogRow.TIMESTAMP));

    /** The body of {@code POST /logs/}: a list of {@code LogCreate}. */
    public static final Schema CREATE_BODY = Schema.list(FIELDS.model(CREATE));
    /** The body of {@code /logs/filter}. */
    public static final Schema FILTER_BODY = Schema.object("Body_read_logs")
            .optional("offset", Schema.integer().atLeast(0), 0L)
            .optional("logs", FIELDS.filterModel(FILTER))
            .optional("sort", FIELDS.sortSchema(), "TIMESTAMP_ASC")
            .optional("limit", Bodies.LIMIT);

    private final Storage storage;
    private final InstantSource clock;
    private final Listing<LogRow> listing;

    Logs(Storage storage, InstantSource clock) {
        this.storage = storage;
        this.clock = clock;
        this.listing = new Listing<>(storage, clock, LogRow.TABLE, body -> FIELDS.condition(FILTER, body.obj("logs")),
                FIELDS::orders);
    }

    /** Stores a batch of validated {@code LogCreate}s, all or none. */
    public void create(List<Obj> logs) {
        Instant now = clock.instant();
        storage.write(tx -> {
            for (Obj log : logs) {
                LogRow row = new LogRow();
                row.id = UUID.randomUUID();
                row.created = now;
                row.updated = now;
                FIELDS.apply(CREATE, log, row);
                tx.table(LogRow.TABLE).put(row);
            }
            return null;
        });
    }

    public List<Object> filter(Obj body, int limit) {
        return listing.filter(body, limit, (l, now) -> FIELDS.view(LOG, l));
    }

    /** {@code LogFilterLevel}: at least {@code ge_}, at most {@code le_} (bounds beyond an int are the int's ends). */
    private static Condition<LogRow> level(Obj f) {
        Long ge = f.integer("ge_");
        Long le = f.integer("le_");
        return ge == null && le == null ? Condition.always()
                : Condition.between(LogRow.LEVEL, ge == null ? null : clampToInt(ge), le == null ? null : clampToInt(le));
    }

    /** {@code LogFilterTextSearch}: the query in the message or the logger's name, ignoring case. */
    private static Condition<LogRow> text(Obj f) {
        String query = f.string("query");
        return Condition.or(List.of(Condition.contains(LogRow.MESSAGE, query), Condition.contains(LogRow.NAME, query)));
    }

    private static int clampToInt(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }
}
