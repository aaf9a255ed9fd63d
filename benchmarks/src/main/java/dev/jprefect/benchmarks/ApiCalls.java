package dev.jprefect.benchmarks;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Transport;
import java.net.URI;

/** The requests the benchmarks' set-ups send to make what they measure on (a flow, a run). */
final class ApiCalls {
    private ApiCalls() {
    }

    /** Sends {@code json} to {@code url} by POST and returns the answer. */
    static ApiResponse post(Transport transport, URI url, String json) {
        return transport.send(ApiRequest.builder("POST", url).header("Content-Type", "application/json")
                .body(json).build()).join();
    }

    /** Returns the {@code id} of what {@code response} created; fails on any answer but 200 or 201. */
    static String createdId(ApiResponse response) {
        String body = response.bodyAsString();
        if (response.status() != 200 && response.status() != 201) {
            throw new IllegalStateException("answered " + response.status() + ": " + body);
        }
        int at = body.indexOf("\"id\":\"") + 6;
        return body.substring(at, body.indexOf('"', at));
    }
}
