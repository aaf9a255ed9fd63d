package dev.jprefect.client.internal;

import dev.jprefect.client.ApiCall;
import dev.jprefect.internal.json.SchemaJson;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.lang.reflect.Type;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * An {@link ApiCall} from its parts: method, path under the API URL, a body encoded once with the
 * schema codec, and how to read the answer. {@link Calls} describes every typed call with it.
 *
 * @param method the HTTP method
 * @param path the path under the API URL, starting with '/', already encoded
 * @param body the request body (a schema record, list or map), or null for none
 * @param reader reads a response whose status {@link #answers}
 * @param answersNotFound whether a 404 is an answer ("read if present") rather than a failure
 */
record Endpoint<T>(String method, String path, Object body, Function<ApiResponse, T> reader,
        boolean answersNotFound) implements ApiCall<T> {

    Endpoint {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reader, "reader");
    }

    /** A call whose answer is the JSON body read as {@code type}; a JSON null body is not an answer. */
    static <T> Endpoint<T> of(String method, String path, Object body, Type type) {
        return new Endpoint<>(method, path, body, response -> {
            T value = SchemaJson.CODEC.fromJson(response.body(), type);
            if (value == null) {
                throw new IllegalArgumentException("expected " + type.getTypeName() + " but the body was null");
            }
            return value;
        }, false);
    }

    /** A call whose answer has no body worth reading. */
    static Endpoint<Void> noAnswer(String method, String path, Object body) {
        return new Endpoint<>(method, path, body, response -> null, false);
    }

    /** A "read if present" call: the JSON body read as {@code type}, or empty on a 404. */
    static <T> Endpoint<Optional<T>> ifPresent(String method, String path, Class<T> type) {
        Endpoint<T> present = of(method, path, null, type);
        return new Endpoint<>(method, path, null,
                response -> response.status() == 404 ? Optional.empty() : Optional.of(present.read(response)), true);
    }

    @Override
    public ApiRequest request() {
        ApiRequest.Builder builder = ApiRequest.builder(method, URI.create(path));
        if (body != null) {
            builder.body(SchemaJson.CODEC.toBytes(body));
        }
        return builder.build();
    }

    @Override
    public T read(ApiResponse response) {
        return reader.apply(response);
    }

    @Override
    public boolean answers(int status) {
        return ApiCall.super.answers(status) || (answersNotFound && status == 404);
    }
}
