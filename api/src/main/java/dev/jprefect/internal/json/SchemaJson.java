package dev.jprefect.internal.json;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.jprefect.client.schemas.Constant;
import dev.jprefect.client.schemas.CronSchedule;
import dev.jprefect.client.schemas.FlowRunResult;
import dev.jprefect.client.schemas.IntervalSchedule;
import dev.jprefect.client.schemas.JsonCodec;
import dev.jprefect.client.schemas.Operator;
import dev.jprefect.client.schemas.OrchestrationDetails;
import dev.jprefect.client.schemas.Parameter;
import dev.jprefect.client.schemas.RRuleSchedule;
import dev.jprefect.client.schemas.Schedule;
import dev.jprefect.client.schemas.StateAbortDetails;
import dev.jprefect.client.schemas.StateAcceptDetails;
import dev.jprefect.client.schemas.StateRejectDetails;
import dev.jprefect.client.schemas.StateWaitDetails;
import dev.jprefect.client.schemas.TaskRunInput;
import dev.jprefect.client.schemas.TaskRunResult;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import okio.Buffer;

/** The {@link JsonCodec} on Moshi, set up for the Prefect schema: the one place Moshi is configured. */
public final class SchemaJson implements JsonCodec {

    /** The shared codec. */
    public static final SchemaJson CODEC = new SchemaJson();

    private final Moshi moshi = new Moshi.Builder()
            .add(UUID.class, new UuidAdapter())
            .add(OffsetDateTime.class, new DateTimeAdapter())
            .add(Operator.class, new OperatorAdapter().nullSafe())
            .add(new DiscriminatedAdapterFactory<>(TaskRunInput.class, "input_type", Map.of(
                    TaskRunResult.INPUT_TYPE, TaskRunResult.class,
                    FlowRunResult.INPUT_TYPE, FlowRunResult.class,
                    Parameter.INPUT_TYPE, Parameter.class,
                    Constant.INPUT_TYPE, Constant.class), TaskRunInput::inputType))
            .add(new DiscriminatedAdapterFactory<>(OrchestrationDetails.class, "type", Map.of(
                    StateAcceptDetails.TYPE, StateAcceptDetails.class,
                    StateRejectDetails.TYPE, StateRejectDetails.class,
                    StateAbortDetails.TYPE, StateAbortDetails.class,
                    StateWaitDetails.TYPE, StateWaitDetails.class), OrchestrationDetails::type))
            .add(Duration.class, new DurationAdapter())
            .add(new ByKeyAdapterFactory<>(Schedule.class, Map.of(
                    "cron", CronSchedule.class,
                    "interval", IntervalSchedule.class,
                    "rrule", RRuleSchedule.class)))
            .add(new RecordAdapterFactory())
            .add(new JsonValueAdapterFactory())
            .build();

    private final JsonAdapter<Object> values = moshi.adapter(Object.class);

    private SchemaJson() {
    }

    @Override
    public String toJson(Object value) {
        if (value == null) {
            return "null";
        }
        return values.toJson(value); // dispatches on the runtime type: records, maps, lists, scalars
    }

    @Override
    public <T> T fromJson(String json, Class<T> type) {
        return fromJson(json, (Type) type);
    }

    @Override
    public <T> T fromJson(String json, Type type) {
        Objects.requireNonNull(json, "json");
        JsonAdapter<T> adapter = moshi.adapter(type);
        try {
            return adapter.fromJson(json);
        } catch (IOException | JsonDataException e) {
            throw new IllegalArgumentException("cannot read " + Types.getRawType(type).getSimpleName()
                    + " from JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Returns {@code value} as a JSON tree (maps, lists, strings, booleans, numbers of their own
     * type, nulls) in one pass, without JSON text in between.
     *
     * @throws IllegalArgumentException if the value cannot be written as JSON
     */
    public Object toJsonValue(Object value) {
        try {
            return values.toJsonValue(value);
        } catch (JsonDataException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toIndentedJson(Object value) {
        return values.indent("  ").toJson(value);
    }

    /**
     * Returns {@code value} as JSON text with its nulls written, as Python's {@code json.dumps}
     * does: a table's empty cell stays a cell. (Schema records leave their null parts out.)
     */
    public String toJsonWithNulls(Object value) {
        return values.serializeNulls().toJson(value);
    }

    /** Returns {@code value} as UTF-8 JSON bytes, written straight to a buffer (no string in between). */
    public byte[] toBytes(Object value) {
        Buffer buffer = new Buffer();
        try (JsonWriter writer = JsonWriter.of(buffer)) {
            values.toJson(writer, value);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory failed", e);
        }
        return buffer.readByteArray();
    }

    /**
     * Reads the UTF-8 JSON {@code json} as a {@code type}, parsed from the bytes.
     *
     * @throws IllegalArgumentException if the bytes are not JSON of that shape
     */
    public <T> T fromJson(byte[] json, Type type) {
        Objects.requireNonNull(json, "json");
        JsonAdapter<T> adapter = moshi.adapter(type);
        try {
            return adapter.fromJson(new Buffer().write(json));
        } catch (IOException | JsonDataException e) {
            throw new IllegalArgumentException("cannot read " + Types.getRawType(type).getSimpleName()
                    + " from JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public <T> List<T> listFromJson(String json, Class<T> elementType) {
        List<T> list = fromJson(json, Types.newParameterizedType(List.class, elementType));
        return list == null ? List.of() : list;
    }

}
