package dev.jprefect.client;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.util.Objects;

/**
 * The API answered with a status outside 2xx (after any retries), Prefect's
 * {@code PrefectHTTPStatusError}. The message carries the method, the URL, the status and the
 * server's JSON {@code detail}; the request and response are reachable from it.
 *
 * <p>Subclasses tell the common cases apart: {@link ObjectNotFoundException} (404) and
 * {@link ObjectAlreadyExistsException} (409).
 */
public class PrefectHttpStatusException extends PrefectClientException {
    private static final long serialVersionUID = 1L;

    private final transient ApiRequest request;
    private final transient ApiResponse response;

    /** Creates the exception for {@code response} to {@code request}, with the standard message. */
    public PrefectHttpStatusException(ApiRequest request, ApiResponse response) {
        this(request, response, dev.jprefect.client.internal.StatusMessages.describe(request, response));
    }

    /** Creates the exception with an explicit message. */
    protected PrefectHttpStatusException(ApiRequest request, ApiResponse response, String message) {
        super(message);
        this.request = Objects.requireNonNull(request, "request");
        this.response = Objects.requireNonNull(response, "response");
    }

    /** Returns the status code. */
    public int status() {
        return response.status();
    }

    /** Returns the request that failed, as the client made it (before the pipeline added its headers). */
    public ApiRequest request() {
        return request;
    }

    /** Returns the server's response. */
    public ApiResponse response() {
        return response;
    }

    /**
     * Returns the server's {@code detail}: the string of a {@code {"detail": "..."}} body, the JSON
     * text of any other {@code detail} (e.g. a 422's list of errors), or the raw body when it is
     * not such JSON.
     */
    public String detail() {
        return dev.jprefect.client.internal.StatusMessages.detail(response);
    }
}
