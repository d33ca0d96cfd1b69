package dev.sluice.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

/** Which responses are compressed: Micronaut's rule, Server-Sent Events only when configured. */
class SseCompressionTest {

    private static HttpResponse response(String type, Long length) {
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        if (type != null) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        }
        if (length != null) {
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
        }
        return r;
    }

    @Test
    void eventStreamsAreNotCompressedUnlessConfigured() {
        SseCompression off = new SseCompression(1024, 6, 1 << 20, false);
        assertFalse(off.shouldCompress(response("text/event-stream", null)));
        assertFalse(off.shouldCompress(response("text/event-stream;charset=UTF-8", null)));
        assertFalse(off.shouldCompress(response("TEXT/EVENT-STREAM", null)));
        assertTrue(new SseCompression(1024, 6, 1 << 20, true).shouldCompress(response("text/event-stream", null)));
    }

    @Test
    void everythingElseFollowsMicronautsRule() {
        SseCompression rule = new SseCompression(1024, 6, 1 << 20, false);
        assertTrue(rule.shouldCompress(response("application/json", null)), "text-based of unknown length");
        assertTrue(rule.shouldCompress(response("application/json", 1024L)), "text-based at the threshold");
        assertFalse(rule.shouldCompress(response("application/json", 1023L)), "below the threshold");
        assertFalse(rule.shouldCompress(response("image/png", 100_000L)), "not text-based");
        assertFalse(rule.shouldCompress(response(null, 100_000L)), "no content type");
        assertFalse(new SseCompression(-1, 6, 1 << 20, true).shouldCompress(response("application/json", null)),
                "a negative threshold turns compression off");
    }
}
