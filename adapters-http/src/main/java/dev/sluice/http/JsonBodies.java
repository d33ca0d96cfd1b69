package dev.sluice.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.Violation;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.exceptions.HttpStatusException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses request bodies into plain JDK values (Map, List, String, Integer/Long/BigInteger,
 * BigDecimal, Boolean, null), strictly: the body must be well-formed UTF-8 and hold exactly one JSON
 * value, an object may not repeat a key, and a string may not hold an unpaired surrogate. Decimals
 * are {@link java.math.BigDecimal}s with the digits as sent ({@code 29.90} keeps its zero). Whatever
 * breaks a rule is an {@link InvalidInputException} naming the JSON pointer. A request whose
 * Content-Type is missing or not JSON ({@code application/json} or any {@code +json} type) is refused
 * with 415 before the body is looked at.
 */
public final class JsonBodies {

    /**
     * Our own reader, not Micronaut's JsonMapper: that one reads decimals as double (29.999999999999999999
     * becomes 30.0) and lets a repeated key and a second value through. Immutable, thread-safe.
     */
    private static final ObjectReader READER = JsonMapper.builder(pooledFactory())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION) // messages never quote the body
            .build()
            .readerFor(Object.class);

    private JsonBodies() {}

    /**
     * Jackson's buffers from one pool shared by all threads. Its default pool is per thread, and the
     * handlers run on virtual threads that live for one request: every parser and generator allocated
     * its 8 KB buffers anew (bench ingest-single: half of all the bytes allocated).
     */
    static JsonFactory pooledFactory() {
        return JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();
    }

    public static Object parse(HttpRequest<?> request, byte[] body) {
        // checked here, not by the router: it lets a request without Content-Type through to any route,
        // and takes "application/*+json" in 'consumes' literally, so it refused application/vnd.x+json
        MediaType type = request.getContentType().orElse(null);
        if (type == null) {
            throw new HttpStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "A Content-Type header is required: application/json (or a +json type)");
        }
        if (!isJson(type)) {
            throw new HttpStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content type " + type.getName() + " is not accepted: send application/json (or a +json type)");
        }
        if (body == null || body.length == 0) {
            throw new InvalidInputException("The request body is empty", List.of(new Violation("/", "a JSON body is required")));
        }
        requireUtf8(body);
        Object value = read(body);
        if (hasUnpairedSurrogate(value)) { // rare: only then are the pointers worth building
            List<Violation> surrogates = new ArrayList<>();
            unpairedSurrogates(value, "", surrogates);
            throw new InvalidInputException("The request body has text that is not Unicode", surrogates);
        }
        return value;
    }

    /** {@code application/json} or {@code application/<anything>+json}; parameters and case ignored. */
    static boolean isJson(MediaType type) {
        String subtype = type.getSubtype().toLowerCase(java.util.Locale.ROOT);
        return type.getType().equalsIgnoreCase("application") && (subtype.equals("json") || subtype.endsWith("+json"));
    }

    /**
     * Jackson takes overlong forms (C0 AF), encoded surrogates (ED A0 80) and code points past U+10FFFF
     * as characters; the JDK's UTF-8 decoder reports them as malformed, as RFC 3629 requires.
     */
    private static void requireUtf8(byte[] body) {
        int i = 0;
        while (i < body.length && body[i] >= 0) { // ASCII, the common case, is UTF-8 as it stands
            i++;
        }
        if (i == body.length) {
            return;
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body, i, body.length - i); // from the first byte that is not ASCII
        // only checking: the characters are thrown away
        CharBuffer out = CharBuffer.allocate(Math.min(4096, body.length - i));
        while (true) {
            CoderResult result = utf8.decode(in, out, true);
            if (result.isError()) {
                throw invalid("The request body is not valid UTF-8", "/", "not valid UTF-8: malformed byte sequence at "
                        + "byte " + in.position() + " (counting from 0)");
            }
            if (result.isUnderflow()) {
                return;
            }
            out.clear();
        }
    }

    private static Object read(byte[] body) {
        try (JsonParser parser = READER.createParser(body)) {
            Object value;
            try {
                value = READER.readValue(parser);
            } catch (JacksonException e) {
                throw invalid("The request body is not valid JSON", pointer(e), "not valid JSON: " + describe(e));
            } catch (NumberFormatException e) {
                // a number no BigDecimal holds (an exponent past 32 bits, 1e4000000000): Jackson throws this,
                // not a JacksonException (found by IngestBodyFuzzTest)
                throw invalid("The request body has a number that cannot be read", pointer(parser),
                        "a number out of range: its exponent is too large");
            }
            // as FAIL_ON_TRAILING_TOKENS, but told apart from a syntax error inside the value
            boolean trailing;
            try {
                trailing = parser.nextToken() != null;
            } catch (JacksonException e) {
                trailing = true;
            }
            if (trailing) {
                JsonLocation at = parser.currentTokenLocation();
                throw invalid("The request body has more than one JSON value", "/",
                        "trailing content after the JSON value (line " + at.getLineNr() + ", column "
                                + at.getColumnNr() + "); a body holds exactly one value");
            }
            return value;
        } catch (IOException e) {
            throw invalid("The request body is not valid JSON", "/", "not valid JSON: unreadable");
        }
    }

    /** The pointer of what the parser was reading, such as {@code /itemId} for a repeated key. */
    private static String pointer(JacksonException e) {
        return e.getProcessor() instanceof JsonParser parser ? pointer(parser) : "/";
    }

    private static String pointer(JsonParser parser) {
        JsonStreamContext context = parser.getParsingContext();
        String pointer = context == null ? "" : context.pathAsPointer().toString();
        return pointer.isEmpty() ? "/" : pointer;
    }

    private static String describe(JacksonException e) {
        JsonLocation at = e.getLocation();
        String message = e.getOriginalMessage();
        int nl = message == null ? -1 : message.indexOf('\n');
        message = message == null ? "unreadable" : nl < 0 ? message : message.substring(0, nl);
        return at == null || at.getLineNr() < 0 ? message
                : message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** Whether any text or key of {@code node} has an unpaired surrogate; the walk below says where. */
    private static boolean hasUnpairedSurrogate(Object node) {
        switch (node) {
            case String s -> {
                return firstUnpairedSurrogate(s) >= 0;
            }
            case Map<?, ?> map -> {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (firstUnpairedSurrogate(String.valueOf(e.getKey())) >= 0 || hasUnpairedSurrogate(e.getValue())) {
                        return true;
                    }
                }
                return false;
            }
            case List<?> list -> {
                for (Object item : list) {
                    if (hasUnpairedSurrogate(item)) {
                        return true;
                    }
                }
                return false;
            }
            case null, default -> {
                return false;
            }
        }
    }

    /**
     * A {@code \ud800} escape without its low half is valid JSON text (RFC 8259 §8.2) but no Unicode:
     * it cannot be written as UTF-8, so it would fail or be mangled downstream.
     */
    private static void unpairedSurrogates(Object node, String pointer, List<Violation> out) {
        switch (node) {
            case String s -> {
                int c = firstUnpairedSurrogate(s);
                if (c >= 0) {
                    out.add(new Violation(pointer.isEmpty() ? "/" : pointer, unpaired(c)));
                }
            }
            case Map<?, ?> map -> map.forEach((key, value) -> {
                String name = String.valueOf(key);
                int c = firstUnpairedSurrogate(name);
                if (c >= 0) {
                    out.add(new Violation(pointer.isEmpty() ? "/" : pointer, "a key " + unpaired(c)));
                } else {
                    unpairedSurrogates(value, pointer + "/" + name.replace("~", "~0").replace("/", "~1"), out);
                }
            });
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    unpairedSurrogates(list.get(i), pointer + "/" + i, out);
                }
            }
            case null, default -> {
            }
        }
    }

    private static int firstUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i); // a paired surrogate comes back as one supplementary code point
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                return c;
            }
            i += Character.charCount(c);
        }
        return -1;
    }

    private static String unpaired(int c) {
        return String.format("must not contain an unpaired surrogate (U+%04X): a \\u escape of a high surrogate "
                + "(D800-DBFF) must be followed by one of a low surrogate (DC00-DFFF)", c);
    }

    private static InvalidInputException invalid(String title, String pointer, String detail) {
        return new InvalidInputException(title, List.of(new Violation(pointer, detail)));
    }
}
