package dev.sluice.redis;

import dev.sluice.cloudevents.RedisBinding;
import dev.sluice.ports.event.EventEnvelope;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.util.Map;

/**
 * An event as the fields of one stream entry, as {@link RedisBinding} decides them, and the Lettuce
 * codec of those fields.
 */
final class StreamCodec {

    /** String keys, byte values: field names are text, the payload stays bytes. */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private StreamCodec() {}

    static Map<String, byte[]> fields(EventEnvelope e) {
        return RedisBinding.fields(e);
    }

    static EventEnvelope event(String streamId, Map<String, byte[]> f) {
        return RedisBinding.event(streamId, f);
    }

    static byte[] utf8(String s) {
        return RedisBinding.utf8(s);
    }

    static String text(byte[] b) {
        return RedisBinding.text(b);
    }
}
