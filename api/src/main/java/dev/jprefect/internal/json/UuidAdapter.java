package dev.jprefect.internal.json;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.util.UUID;

/** UUIDs as the schema's {@code format: uuid} strings, lower case with dashes. */
final class UuidAdapter extends JsonAdapter<UUID> {

    @Override
    public UUID fromJson(JsonReader reader) throws IOException {
        if (reader.peek() == JsonReader.Token.NULL) {
            return reader.nextNull();
        }
        String text = reader.nextString();
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new JsonDataException("expected a UUID at " + reader.getPath() + " but was '" + text + "'", e);
        }
    }

    @Override
    public void toJson(JsonWriter writer, UUID value) throws IOException {
        if (value == null) {
            writer.nullValue();
        } else {
            writer.value(value.toString());
        }
    }

    @Override
    public String toString() {
        return "JsonAdapter(UUID)";
    }
}
