package dev.jprefect.client.internal;

import dev.jprefect.client.Interceptor;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Headers;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The client's header step: the headers every request carries, as Prefect's client sets them.
 *
 * <ul>
 *   <li>{@code User-Agent: jprefect/<version> (API <api version>)}, always (a request cannot replace it);
 *   <li>{@code X-Prefect-Api-Version: <api version>}, the API version this client speaks;
 *   <li>{@code Authorization: Bearer <PREFECT_API_KEY>}, or else {@code Basic <base64 of
 *       PREFECT_API_AUTH_STRING>} (the key wins if both are set, as in Prefect);
 *   <li>each of {@code PREFECT_CLIENT_CUSTOM_HEADERS}, except the protected {@code User-Agent},
 *       {@code Prefect-Csrf-Token} and {@code Prefect-Csrf-Client}, which are ignored with a warning;
 *   <li>{@code Accept: application/json}, and {@code Content-Type: application/json} on requests with a body.
 * </ul>
 *
 * Headers the request already has are kept, except {@code User-Agent}.
 */
final class HeadersInterceptor implements Interceptor {

    /** The headers the pipeline manages itself; custom headers may not set them. */
    static final Set<String> PROTECTED = Set.of("user-agent", "prefect-csrf-token", "prefect-csrf-client");

    private static final System.Logger LOGGER = System.getLogger("dev.jprefect.client");

    private final String userAgent;
    private final Headers defaults;

    private HeadersInterceptor(String userAgent, Headers defaults) {
        this.userAgent = userAgent;
        this.defaults = defaults;
    }

    /**
     * Returns the step for these settings' values; logs a warning for each protected custom header.
     *
     * @param apiKey the value of {@code PREFECT_API_KEY}, if set
     * @param authString the value of {@code PREFECT_API_AUTH_STRING}, if set
     * @param customHeaders the value of {@code PREFECT_CLIENT_CUSTOM_HEADERS}
     */
    static HeadersInterceptor of(Optional<String> apiKey, Optional<String> authString, Map<String, String> customHeaders) {
        return of(apiKey, authString, customHeaders, warning -> LOGGER.log(Level.WARNING, warning));
    }

    /** As {@link #of(Optional, Optional, Map)}, with the warnings going to {@code warnings}. */
    static HeadersInterceptor of(Optional<String> apiKey, Optional<String> authString, Map<String, String> customHeaders,
            java.util.function.Consumer<String> warnings) {
        Headers.Builder headers = Headers.builder()
                .set("X-Prefect-Api-Version", ClientVersion.API_VERSION)
                .set("Accept", "application/json");
        if (apiKey.isPresent()) {
            headers.set("Authorization", "Bearer " + apiKey.get());
        } else if (authString.isPresent()) {
            String token = Base64.getEncoder().encodeToString(authString.get().getBytes(StandardCharsets.UTF_8));
            headers.set("Authorization", "Basic " + token);
        }
        customHeaders.forEach((name, value) -> {
            if (PROTECTED.contains(name.toLowerCase(Locale.ROOT))) {
                warnings.accept("Custom header '" + name + "' is ignored because it conflicts with a"
                        + " protected header managed by Prefect. Protected headers include: User-Agent,"
                        + " Prefect-Csrf-Token, Prefect-Csrf-Client (from PREFECT_CLIENT_CUSTOM_HEADERS)");
            } else {
                headers.set(name, value);
            }
        });
        return new HeadersInterceptor(ClientVersion.userAgent(), headers.build());
    }

    @Override
    public CompletableFuture<ApiResponse> intercept(Chain chain) {
        ApiRequest request = chain.request();
        Headers.Builder headers = request.headers().toBuilder();
        defaults.forEach((name, value) -> {
            if (!request.headers().contains(name)) {
                headers.add(name, value);
            }
        });
        headers.set("User-Agent", userAgent);
        if (request.bodyLength() > 0 && !request.headers().contains("Content-Type")) {
            headers.set("Content-Type", "application/json");
        }
        return chain.proceed(request.toBuilder().headers(headers.build()).build());
    }

    @Override
    public String toString() {
        return "headers step";
    }
}
