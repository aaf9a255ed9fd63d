package dev.jprefect.client.schemas;

import java.lang.reflect.Type;
import java.util.List;

/**
 * Converts the schema records (and plain JSON values: maps, lists, strings, numbers, booleans) to
 * and from the Prefect API's JSON, exactly as the client puts them on the wire.
 *
 * <p>Obtain the shared, thread-safe instance with {@link #standard()}. Reading ignores unknown
 * fields; writing leaves out null components.
 *
 * <pre>{@code
 * String json = JsonCodec.standard().toJson(FlowCreate.of("etl"));   // {"name":"etl","tags":[]}
 * Flow flow = JsonCodec.standard().fromJson(body, Flow.class);
 * List<Flow> flows = JsonCodec.standard().listFromJson(body, Flow.class);
 * }</pre>
 */
public interface JsonCodec {

    /** Returns the shared codec. */
    static JsonCodec standard() {
        return dev.jprefect.internal.json.SchemaJson.CODEC;
    }

    /** Returns {@code value} as JSON text. */
    String toJson(Object value);

    /** Returns {@code value} as JSON text indented by two spaces, for files people read. */
    String toIndentedJson(Object value);

    /**
     * Reads {@code json} as a {@code type}.
     *
     * @throws IllegalArgumentException if the text is not JSON of that shape; the message names the
     *     type and the JSON path at fault
     */
    <T> T fromJson(String json, Class<T> type);

    /** Reads {@code json} as the generic {@code type}, e.g. a {@code ParameterizedType} of a list. */
    <T> T fromJson(String json, Type type);

    /** Reads {@code json}, a JSON array, as a list of {@code elementType}. */
    <T> List<T> listFromJson(String json, Class<T> elementType);
}
