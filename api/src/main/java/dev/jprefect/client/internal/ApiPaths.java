package dev.jprefect.client.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds request URIs under an API base URL. */
final class ApiPaths {
    private ApiPaths() {
    }

    /** Returns the API URL as text without a trailing slash, e.g. {@code http://h:4200/api}. */
    static String base(URI apiUrl) {
        String text = apiUrl.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }

    /** Returns {@code path} (starting with '/', already encoded) under the API URL. */
    static URI resolve(URI apiUrl, String path) {
        return URI.create(base(apiUrl) + path);
    }

    /**
     * Returns {@code uri} if absolute, else resolved under the API URL: {@code flows/} and
     * {@code /flows/} both become {@code <api>/flows/}.
     */
    static URI resolve(URI apiUrl, URI uri) {
        if (uri.isAbsolute()) {
            return uri;
        }
        String relative = uri.toString();
        return URI.create(base(apiUrl) + (relative.startsWith("/") ? "" : "/") + relative);
    }

    /** Returns {@code value} percent-encoded for use as one path segment (spaces as %20, '/' encoded). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
