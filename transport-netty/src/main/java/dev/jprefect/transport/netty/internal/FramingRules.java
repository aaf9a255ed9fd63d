package dev.jprefect.transport.netty.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Locale;

/**
 * Refuses a request head that breaks RFC 9112's framing rules, before its body is read: a version
 * other than HTTP/1.0 or HTTP/1.1 (505), an HTTP/1.1 request without a {@code Host} header or any
 * request with more than one (400), a {@code Transfer-Encoding} on HTTP/1.0 or one that does not
 * end with {@code chunked} (400), or a transfer coding other than {@code chunked} (501).
 *
 * <p>The head is marked failed with a {@link RefusedRequest} and passed on, so the refusal is
 * answered in the connection's order of responses and the connection is then closed; its
 * {@code Expect: 100-continue}, if any, is dropped so that the client is not invited to send a
 * body that will not be read.
 */
final class FramingRules extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest && ((HttpRequest) msg).decoderResult().isSuccess()) {
            HttpRequest head = (HttpRequest) msg;
            RefusedRequest refused = check(head);
            if (refused != null) {
                head.headers().remove(HttpHeaderNames.EXPECT);
                head.setDecoderResult(DecoderResult.failure(refused));
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Returns true for the versions this server speaks: HTTP/1.0 and HTTP/1.1. */
    static boolean isSupported(HttpVersion version) {
        return version.majorVersion() == 1 && version.minorVersion() <= 1;
    }

    private static RefusedRequest check(HttpRequest head) {
        HttpVersion version = head.protocolVersion();
        if (!isSupported(version)) {
            return RefusedRequest.of(505, "HTTP version " + version.text() + " is not supported; use HTTP/1.1");
        }
        HttpHeaders headers = head.headers();
        int hosts = headers.getAll(HttpHeaderNames.HOST).size();
        if (hosts > 1) {
            return RefusedRequest.of(400, "Malformed HTTP request: more than one Host header");
        }
        if (hosts == 0 && version.minorVersion() == 1) {
            return RefusedRequest.of(400, "Malformed HTTP request: an HTTP/1.1 request needs a Host header");
        }
        List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (codings.isEmpty()) {
            return null;
        }
        if (version.minorVersion() == 0) {
            return RefusedRequest.of(400, "Malformed HTTP request: Transfer-Encoding on an HTTP/1.0 request");
        }
        String[] tokens = String.join(",", codings).split(",");
        if (!"chunked".equals(tokens[tokens.length - 1].trim().toLowerCase(Locale.ROOT))) {
            return RefusedRequest.of(400, "Malformed HTTP request: Transfer-Encoding must end with chunked");
        }
        for (String token : tokens) {
            String coding = token.trim().toLowerCase(Locale.ROOT);
            if (!"chunked".equals(coding)) {
                return RefusedRequest.of(501, "Transfer-Encoding '" + coding + "' is not supported");
            }
        }
        if (tokens.length > 1) {
            return RefusedRequest.of(400, "Malformed HTTP request: chunked is applied more than once");
        }
        return null;
    }
}
