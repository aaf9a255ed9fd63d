package dev.jprefect.client;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;

/**
 * One call of the Prefect API, described once: the request to send and how to read its answer.
 * Both clients run the same description: {@link PrefectAsyncClient#call(ApiCall)} completes a
 * future with the answer, and {@link PrefectClient#call(ApiCall)} is that call with a bounded wait.
 *
 * <p>Every typed method of the clients ({@code createFlow}, {@code readFlowRuns}, ...) is such a
 * description. Describe a call the clients do not have yet the same way; it goes through the whole
 * pipeline (headers, retries, CSRF, interceptors, transport) like the built-in ones.
 *
 * <pre>{@code
 * ApiCall<String> version = new ApiCall<>() {
 *     public ApiRequest request() { return ApiRequest.get(URI.create("admin/version")); }
 *     public String read(ApiResponse response) { return JsonCodec.standard().fromJson(response.bodyAsString(), String.class); }
 * };
 * String v = client.call(version);
 * }</pre>
 *
 * @param <T> what the answer is read as
 */
public interface ApiCall<T> {

    /**
     * Returns the request to send; a relative URI (e.g. {@code flows/}) is resolved against the
     * client's API URL. Called once per call; an exception fails the call without sending anything.
     */
    ApiRequest request();

    /**
     * Reads the answer from {@code response}, whose status is one this call {@link #answers}. An
     * {@link IllegalArgumentException} (e.g. from {@code JsonCodec}) becomes a
     * {@link PrefectClientException} naming the request.
     */
    T read(ApiResponse response);

    /**
     * Returns true if a response with {@code status} is an answer to read; otherwise the call fails
     * with {@link PrefectHttpStatusException}. By default only 2xx answers; a "read if present" call
     * also answers 404.
     */
    default boolean answers(int status) {
        return status >= 200 && status < 300;
    }
}
