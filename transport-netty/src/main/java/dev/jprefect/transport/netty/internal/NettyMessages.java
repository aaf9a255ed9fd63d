package dev.jprefect.transport.netty.internal;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Headers;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Converts between Netty's HTTP messages and jprefect's {@link ApiRequest} / {@link ApiResponse}. */
final class NettyMessages {

    /** Headers about the connection or the framing, which the server sets itself. */
    private static final Set<String> SERVER_OWNED = Set.of(
            "connection", "content-length", "transfer-encoding", "keep-alive", "upgrade", "te", "trailer");

    private NettyMessages() {
    }

    /**
     * Returns {@code request} as an {@link ApiRequest} whose URI is the raw request target.
     *
     * @throws IllegalArgumentException if the target, the method or a header is not acceptable
     */
    static ApiRequest toApiRequest(FullHttpRequest request) {
        URI target;
        try {
            target = new URI(request.uri());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("request target '" + request.uri() + "' is not a valid URI: "
                    + e.getReason(), e);
        }
        ApiRequest.Builder builder = ApiRequest.builder(request.method().name(), target);
        for (Map.Entry<String, String> header : request.headers()) {
            builder.header(header.getKey(), header.getValue());
        }
        if (request.content().isReadable()) {
            builder.body(ByteBufUtil.getBytes(request.content()));
        }
        return builder.build();
    }

    /**
     * Returns {@code response} as a Netty response for a request of {@code version}.
     *
     * @param keepAlive whether the connection stays open after this response
     * @param head whether it answers a HEAD request: headers (Content-Length included) without body
     */
    static FullHttpResponse toNetty(ApiResponse response, HttpVersion version, boolean keepAlive, boolean head) {
        HttpResponseStatus status = HttpResponseStatus.valueOf(response.status());
        FullHttpResponse out = new DefaultFullHttpResponse(version, status,
                head || response.bodyLength() == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(response.body()));
        HttpHeaders headers = out.headers();
        Headers apiHeaders = response.headers();
        apiHeaders.forEach((name, value) -> {
            if (!SERVER_OWNED.contains(name.toLowerCase(Locale.ROOT))) {
                headers.add(name, value);
            }
        });
        if (mayHaveBody(response.status())) {
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, response.bodyLength());
        }
        HttpUtil.setKeepAlive(out, keepAlive);
        return out;
    }

    /** Returns false for the statuses that never carry a body (and so no Content-Length): 1xx, 204, 304. */
    private static boolean mayHaveBody(int status) {
        return status >= 200 && status != 204 && status != 304;
    }
}
