package dev.sluice.transform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.spi.Processor.ProcessingException;
import java.io.IOException;
import java.util.Locale;

/** Reading event payloads as JSON, shared by the processors. Thread-safe. */
final class Json {

    static final String APPLICATION_JSON = "application/json";

    /**
     * Jackson's buffers come from one pool shared by all threads. Its default pool is per thread, and a
     * virtual thread (the HTTP handlers, the append completions) lives for one request: every parser and
     * generator then allocated its 8 KB buffers anew (bench ingest-single: half of all allocation).
     */
    static JsonFactory pooledFactory() {
        return JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();
    }

    /** Strict: rejects trailing content; error messages never quote the payload. */
    static final ObjectMapper MAPPER = JsonMapper.builder(pooledFactory())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            // write characters outside the BMP (emoji) as UTF-8, not as \uD83D\uDE00 escapes
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    /** Plain Java values (Map, List, String, Integer/Long/BigInteger, Double, Boolean, null), the JSONata input. */
    private static final ObjectReader PLAIN = MAPPER.readerFor(Object.class);

    /** Tree with decimals kept exactly as written (29.90 stays 29.90), for the XML step. */
    private static final ObjectReader EXACT_TREE = MAPPER.reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);

    private Json() {
    }

    /** {@code application/json} or any {@code +json} type, parameters and case ignored. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType;
        int semicolon = type.indexOf(';');
        if (semicolon >= 0) {
            type = type.substring(0, semicolon);
        }
        type = type.strip().toLowerCase(Locale.ROOT);
        return type.equals(APPLICATION_JSON) || (type.endsWith("+json") && type.indexOf('/') > 0);
    }

    /** The payload as plain Java values; {@code step} names the step in error messages. */
    static Object readPlain(EventEnvelope event, String step) {
        checkContentType(event, step);
        try {
            return PLAIN.readValue(event.payload());
        } catch (IOException e) {
            throw notJson(event, step, e);
        } catch (NumberFormatException e) {
            throw outOfRange(event, step, e);
        }
    }

    /** The payload as a Jackson tree with exact decimals. */
    static JsonNode readExactTree(EventEnvelope event, String step) {
        checkContentType(event, step);
        try {
            JsonNode node = EXACT_TREE.readTree(event.payload());
            if (node == null || node.isMissingNode()) {
                throw new ProcessingException(step + ": payload of event " + event.id() + " is empty, not JSON", null);
            }
            return node;
        } catch (IOException e) {
            throw notJson(event, step, e);
        } catch (NumberFormatException e) {
            throw outOfRange(event, step, e);
        }
    }

    private static void checkContentType(EventEnvelope event, String step) {
        if (!isJson(event.contentType())) {
            throw new ProcessingException(step + ": event " + event.id() + " has content type '"
                    + event.contentType() + "', this step needs application/json (or +json)", null);
        }
    }

    /**
     * A number no BigDecimal holds (an exponent past 32 bits, 1e4000000000): Jackson throws
     * NumberFormatException for it, not an IOException, quoting the number (found by XmlStepFuzzTest).
     */
    private static ProcessingException outOfRange(EventEnvelope event, String step, NumberFormatException e) {
        return new ProcessingException(step + ": payload of event " + event.id()
                + " has a number out of range: its exponent is too large", null);
    }

    private static ProcessingException notJson(EventEnvelope event, String step, IOException e) {
        String detail = e instanceof JsonProcessingException j
                ? j.getOriginalMessage() + (j.getLocation() == null ? ""
                        : " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")")
                : e.getMessage();
        return new ProcessingException(step + ": payload of event " + event.id() + " is not valid JSON: " + detail, e);
    }
}
