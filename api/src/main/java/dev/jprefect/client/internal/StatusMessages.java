package dev.jprefect.client.internal;

import dev.jprefect.internal.json.SchemaJson;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.net.URI;
import java.util.Map;

/**
 * The message of a {@link dev.jprefect.client.PrefectHttpStatusException}, after Prefect's
 * {@code PrefectHTTPStatusError.from_httpx_error}: the status line, the method and URL, and the
 * server's JSON {@code detail}.
 */
public final class StatusMessages {

    /** Bodies are quoted into messages up to this many characters; a page of HTML is not a message. */
    static final int MAX_DETAIL_CHARS = 2_000;

    private StatusMessages() {
    }

    /**
     * Returns e.g. {@code Client error '404 Not Found' for GET http://h/api/flows/x:
     * {"detail": "Flow not found"}}.
     */
    public static String describe(ApiRequest request, ApiResponse response) {
        int status = response.status();
        String kind = status >= 500 ? "Server error" : status >= 400 ? "Client error"
                : status >= 300 ? "Redirect" : "Unexpected status";
        String reason = reasonPhrase(status);
        StringBuilder message = new StringBuilder()
                .append(kind).append(" '").append(status).append(reason.isEmpty() ? "" : " " + reason).append("'")
                .append(" for ").append(request.method()).append(' ').append(request.uri());
        String body = response.bodyAsString().strip();
        if (!body.isEmpty()) {
            message.append("\nResponse: ").append(truncate(jsonDetailObject(body)));
        }
        if (status == 404 && lacksApiSegment(request.uri())) {
            URI uri = request.uri();
            message.append("\nThe URL has no /api: a Prefect server serves its REST API under /api. If PREFECT_API_URL is")
                    .append(" the server's address, add /api, e.g. PREFECT_API_URL=")
                    .append(uri.getScheme()).append("://").append(uri.getRawAuthority()).append("/api");
        }
        message.append("\nFor more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/")
                .append(status);
        return message.toString();
    }

    /**
     * True if {@code uri} has no path segment {@code api}: the commonest cause of a 404 on every call
     * is a {@code PREFECT_API_URL} of {@code http://host:4200} where {@code http://host:4200/api} was
     * meant (Prefect Cloud's workspace URLs, {@code /api/accounts/.../workspaces/...}, have it too).
     */
    private static boolean lacksApiSegment(URI uri) {
        String path = uri.getRawPath();
        return uri.getScheme() != null && uri.getRawAuthority() != null
                && (path == null || !("/" + path + "/").contains("/api/"));
    }

    /**
     * The members that carry an error's explanation, best first: FastAPI's {@code detail}, then
     * what Prefect's server writes instead for validation and internal errors
     * ({@code {"exception_message": ..., "exception_detail": [...]}}).
     */
    private static final String[] DETAIL_MEMBERS = {"detail", "exception_detail", "exception_message"};

    /** Returns the {@code detail} of a FastAPI or Prefect error body, or the body itself. */
    public static String detail(ApiResponse response) {
        String body = response.bodyAsString().strip();
        try {
            Object value = SchemaJson.CODEC.fromJson(body, Object.class);
            if (value instanceof Map) {
                Map<?, ?> object = (Map<?, ?>) value;
                for (String member : DETAIL_MEMBERS) {
                    Object detail = object.get(member);
                    if (detail != null) {
                        return detail instanceof String ? (String) detail : SchemaJson.CODEC.toJson(detail);
                    }
                }
            }
        } catch (IllegalArgumentException notJson) {
            // fall through: the body is not JSON
        }
        return body;
    }

    /** Re-renders a JSON body as {@code {"detail": ...}}-style JSON when it parses, else returns it as is. */
    private static String jsonDetailObject(String body) {
        try {
            Object value = SchemaJson.CODEC.fromJson(body, Object.class);
            return value == null ? body : SchemaJson.CODEC.toJson(value);
        } catch (IllegalArgumentException notJson) {
            return body;
        }
    }

    private static String truncate(String text) {
        return text.length() <= MAX_DETAIL_CHARS ? text : text.substring(0, MAX_DETAIL_CHARS) + "...";
    }

    /** Returns the standard reason phrase of {@code status}, or "" for an unusual one. */
    static String reasonPhrase(int status) {
        switch (status) {
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 409: return "Conflict";
            case 410: return "Gone";
            case 413: return "Payload Too Large";
            case 415: return "Unsupported Media Type";
            case 422: return "Unprocessable Entity";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "";
        }
    }
}
