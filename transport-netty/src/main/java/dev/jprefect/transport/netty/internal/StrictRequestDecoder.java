package dev.jprefect.transport.netty.internal;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder, except that a request with both {@code Content-Length} and
 * {@code Transfer-Encoding} is malformed (RFC 9112 section 6.3: such framing is ambiguous and is
 * how requests are smuggled past proxies), where Netty would drop the {@code Content-Length} and
 * carry on. The request gets a 400 and its connection is closed.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

    StrictRequestDecoder() {
        super(new HttpDecoderConfig());
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw RefusedRequest.of(400, "Malformed HTTP request: Content-Length and Transfer-Encoding together");
    }
}
