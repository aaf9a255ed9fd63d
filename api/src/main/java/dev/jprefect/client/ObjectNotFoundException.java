package dev.jprefect.client;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;

/** The API answered 404: the flow, run, variable or route asked for does not exist. */
public class ObjectNotFoundException extends PrefectHttpStatusException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code response} to {@code request}. */
    public ObjectNotFoundException(ApiRequest request, ApiResponse response) {
        super(request, response);
    }
}
