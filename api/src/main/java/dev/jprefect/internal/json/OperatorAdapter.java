package dev.jprefect.internal.json;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.jprefect.client.schemas.Operator;
import java.io.IOException;
import java.util.Locale;

/** {@link Operator} on the wire: {@code and_} and {@code or_}, the constant's name with Prefect's underscore. */
final class OperatorAdapter extends JsonAdapter<Operator> {

    @Override
    public Operator fromJson(JsonReader reader) throws IOException {
        String text = reader.nextString();
        for (Operator operator : Operator.values()) {
            if (wire(operator).equals(text)) {
                return operator;
            }
        }
        throw new JsonDataException("expected and_ or or_ but was '" + text + "' at " + reader.getPath());
    }

    @Override
    public void toJson(JsonWriter writer, Operator value) throws IOException {
        writer.value(wire(value));
    }

    private static String wire(Operator operator) {
        return operator.name().toLowerCase(Locale.ROOT) + "_";
    }
}
