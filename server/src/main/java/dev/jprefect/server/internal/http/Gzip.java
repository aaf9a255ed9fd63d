package dev.jprefect.server.internal.http;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Response compression as Prefect 3.9.1's server does it: Starlette's {@code GZipMiddleware} with
 * its defaults, on both the API app and the UI app. A response of at least {@link #MINIMUM_SIZE}
 * bytes, of a type worth compressing, without a {@code Content-Encoding} of its own and not a
 * partial (206) one, gets {@code Vary: Accept-Encoding}; when the request's {@code Accept-Encoding}
 * names gzip (Starlette looks for the text {@code gzip} anywhere in the header) its body is
 * compressed at level {@link #LEVEL}, with {@code Content-Encoding: gzip} (the transport frames its
 * length). Prefect makes neither number a setting; they are Starlette's defaults, and so constants here.
 */
public final class Gzip {
    /** Starlette's {@code minimum_size}: smaller bodies are sent as they are, without {@code Vary}. */
    public static final int MINIMUM_SIZE = 500;
    /** Starlette's {@code compresslevel}, zlib's best compression. */
    public static final int LEVEL = Deflater.BEST_COMPRESSION;
    /** Starlette's {@code DEFAULT_EXCLUDED_CONTENT_TYPES}: types compressed already, or streamed. */
    private static final Set<String> EXCLUDED = Set.of("application/grpc", "application/gzip", "application/x-gzip",
            "application/zip", "audio/*", "font/woff", "font/woff2", "image/avif", "image/gif", "image/jpeg",
            "image/png", "image/webp", "text/event-stream", "video/*");
    private static final String VARY = "Accept-Encoding";

    private Gzip() {
    }

    /** Returns {@code response} compressed for {@code request} if Prefect's server would compress it. */
    public static ApiResponse apply(ApiRequest request, ApiResponse response) {
        return apply(request, response, () -> compress(response.body()));
    }

    /**
     * Returns {@code response} as {@link #apply(ApiRequest, ApiResponse)} does, taking its compressed
     * body from {@code compressed} (for a body compressed once and kept, such as a UI file).
     */
    public static ApiResponse apply(ApiRequest request, ApiResponse response, Supplier<byte[]> compressed) {
        Headers headers = response.headers();
        if (headers.contains("Content-Encoding") || response.status() == 206 || excluded(headers)
                || response.bodyLength() < MINIMUM_SIZE) {
            return response;
        }
        Headers.Builder out = headers.toBuilder();
        List<String> vary = headers.all("Vary");
        if (vary.stream().noneMatch(v -> v.toLowerCase(Locale.ROOT).contains(VARY.toLowerCase(Locale.ROOT)))) {
            out.set("Vary", vary.isEmpty() ? VARY : String.join(", ", vary) + ", " + VARY);
        }
        if (!request.headers().first("Accept-Encoding").orElse("").contains("gzip")) {
            return response.toBuilder().headers(out.build()).build();
        }
        byte[] body = compressed.get();
        out.set("Content-Encoding", "gzip");
        return response.toBuilder().headers(out.build()).body(body).build();
    }

    /** Returns {@code bytes} in gzip's format at {@link #LEVEL}. */
    public static byte[] compress(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 4));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
            {
                def.setLevel(LEVEL);
            }
        }) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory failed", e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    private static boolean excluded(Headers headers) {
        String type = headers.first("Content-Type").orElse("").split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return EXCLUDED.contains(type) || EXCLUDED.contains(type.split("/", 2)[0] + "/*")
                || type.startsWith("application/grpc+");
    }
}
