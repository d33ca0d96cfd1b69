package dev.sluice.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers of the publish endpoints (one per POST, the hot path of ingest), written here as plain
 * maps and lists by Jackson with pooled buffers. Micronaut's JSON writer took a tenth of a single POST's
 * CPU (bench ingest-single): its Jackson factory keeps buffers per thread, and the answers are written
 * on virtual threads that live for one request. Other answers stay Micronaut's.
 */
final class JsonAnswers {

    private static final ObjectWriter WRITER = JsonMapper.builder(JsonBodies.pooledFactory()).build().writer();

    private JsonAnswers() {}

    /** 200 with {@code tree} (maps, lists, strings, numbers) as {@code application/json}. */
    static HttpResponse<byte[]> ok(Map<String, Object> tree) {
        try {
            return HttpResponse.ok(WRITER.writeValueAsBytes(tree)).contentType(MediaType.APPLICATION_JSON_TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON", e);
        }
    }

    /** {@code {"status":"accepted","topic":…,"count":n,"<listName>":[…]}}, the receipt of a publish. */
    static HttpResponse<byte[]> accepted(String topic, String listName, List<Map<String, Object>> entries) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "accepted");
        answer.put("topic", topic);
        answer.put("count", entries.size());
        answer.put(listName, entries);
        return ok(answer);
    }

    /** One entry of a receipt: names and values in pairs, in order. */
    static Map<String, Object> entry(String... namesAndValues) {
        Map<String, Object> entry = LinkedHashMap.newLinkedHashMap(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            entry.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return entry;
    }

    /** The entries of a receipt, one per item, in order. */
    static <T> List<Map<String, Object>> entries(List<T> items, java.util.function.Function<T, Map<String, Object>> entry) {
        List<Map<String, Object>> list = new ArrayList<>(items.size());
        for (T item : items) {
            list.add(entry.apply(item));
        }
        return list;
    }
}
