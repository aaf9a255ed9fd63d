package dev.jprefect.server.internal.http;

import dev.jprefect.server.internal.schema.Problem;
import dev.jprefect.transport.ApiResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error answer, thrown from anywhere in request handling and turned into its response at the
 * top: FastAPI's {@code {"detail": ...}} shapes, or Prefect's {@code {"exception_message": ...}}
 * where Prefect's own middleware answers.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ApiResponse response;

    private ApiError(ApiResponse response, String message) {
        super(message, null, false, false);
        this.response = response;
    }

    /** Returns {@code {"detail": detail}} with {@code status}, as FastAPI's {@code HTTPException}. */
    public static ApiError detail(int status, String detail) {
        return new ApiError(Responses.json(status, Map.of("detail", detail)), status + " " + detail);
    }

    /** Returns a 404 with Prefect's wording for the missing object, e.g. {@code "Flow run not found"}. */
    public static ApiError notFound(String detail) {
        return detail(404, detail);
    }

    /**
     * Returns a 422 listing validation problems as Prefect's {@code validation_exception_handler}
     * answers FastAPI's request validation error: {@code {"exception_message": "Invalid request
     * received.", "exception_detail": [problems], "request_body": requestBody}}.
     *
     * @param requestBody what FastAPI hands the handler as the body: the parsed JSON, the text of a
     *     body that is not JSON, or null when the route read no body or none was sent
     */
    public static ApiError validation(List<Problem> problems, Object requestBody) {
        List<Object> detail = new ArrayList<>(problems.size());
        for (Problem p : problems) {
            detail.add(p.toTree());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("exception_message", "Invalid request received.");
        body.put("exception_detail", detail);
        body.put("request_body", Problem.writable(requestBody));
        return new ApiError(Responses.json(422, body), "422 " + problems);
    }

    /** Returns {@code {"exception_message": message}} with {@code status}, as Prefect's middleware answers. */
    public static ApiError exceptionMessage(int status, String message) {
        return new ApiError(Responses.json(status, Map.of("exception_message", message)), status + " " + message);
    }

    /** Returns an error carrying a prepared response. */
    public static ApiError of(ApiResponse response) {
        return new ApiError(response, String.valueOf(response.status()));
    }

    /** Returns the response to send. */
    public ApiResponse response() {
        return response;
    }
}
