package dev.sluice.engine;

import dev.sluice.ports.out.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A test fake of {@link JsonCodec}: writes {@code toString()}, reads flat objects with string values. */
public final class ToStringJson implements JsonCodec {

    @Override
    public byte[] encode(Object tree) {
        return tree.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object decode(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8).trim();
        if (!text.startsWith("{") || !text.endsWith("}")) {
            throw new IllegalArgumentException("not an object");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String pair : text.substring(1, text.length() - 1).split(",")) {
            String[] kv = pair.split(":", 2);
            if (kv.length == 2) {
                out.put(kv[0].trim().replace("\"", ""), kv[1].trim().replace("\"", ""));
            }
        }
        return out;
    }
}
