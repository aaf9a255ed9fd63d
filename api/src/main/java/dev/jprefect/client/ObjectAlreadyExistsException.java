package dev.jprefect.client;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;

/** The API answered 409: an object with the same unique key (e.g. a variable's name) exists. */
public class ObjectAlreadyExistsException extends PrefectHttpStatusException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code response} to {@code request}. */
    public ObjectAlreadyExistsException(ApiRequest request, ApiResponse response) {
        super(request, response);
    }
}
