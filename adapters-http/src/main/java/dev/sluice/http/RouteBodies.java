package dev.sluice.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.Violation;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.exceptions.HttpStatusException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Route definitions as request and response bodies: JSON ({@link JsonBodies}, strict), or YAML as routes
 * are written in configuration ({@code application/yaml}, also {@code text/yaml} and {@code +yaml} types),
 * read with the same strictness (one document, no repeated key, decimals as written) into the same plain
 * JDK values. The console edits routes as YAML and sends them so; the server parses, so that the browser
 * needs no YAML library and a YAML mistake comes back as a problem naming the line like any other.
 */
final class RouteBodies {

    static final String YAML = "application/yaml";

    private static final YAMLMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    // every text value quoted: with fewer quotes Jackson writes 0x1F or 1e3 bare, which it then
                    // reads back as numbers (RouteBodiesTest)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectReader READER = MAPPER.readerFor(Object.class);
    private static final ObjectWriter WRITER = MAPPER.writer();

    private RouteBodies() {}

    /** The body as a route definition: a JSON or YAML object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> definition(HttpRequest<?> request, byte[] body) {
        MediaType type = request.getContentType().orElse(null);
        Object value;
        if (type != null && isYaml(type)) {
            value = yaml(body);
        } else if (type != null && JsonBodies.isJson(type)) {
            value = JsonBodies.parse(request, body);
        } else {
            throw new HttpStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, (type == null
                    ? "A Content-Type header is required" : "Content type " + type.getName() + " is not accepted")
                    + ": send the route as application/json or application/yaml");
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidInputException("A route is an object", List.of(new Violation("/",
                    "must be an object of the route's keys, such as {\"name\": \"erp\", \"from\": \"orders\", \"to\": \"webhook\"}")));
        }
        return (Map<String, Object>) map;
    }

    /** The definition as YAML text, block style, as it would sit in configuration. */
    static String toYaml(Object tree) {
        try {
            return WRITER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML", e);
        }
    }

    /** Whether the client asked for YAML rather than JSON. */
    static boolean wantsYaml(HttpRequest<?> request) {
        return request.accept().stream().anyMatch(RouteBodies::isYaml)
                && request.accept().stream().noneMatch(JsonBodies::isJson);
    }

    /** {@code application/yaml}, {@code text/yaml}, {@code application/x-yaml} or any {@code +yaml} type. */
    static boolean isYaml(MediaType type) {
        String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
        return (type.getType().equalsIgnoreCase("application") || type.getType().equalsIgnoreCase("text"))
                && (subtype.equals("yaml") || subtype.equals("x-yaml") || subtype.endsWith("+yaml"));
    }

    static Object yaml(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidInputException("The request body is empty", List.of(new Violation("/", "a YAML body is required")));
        }
        try {
            return READER.readValue(new String(body, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage().lines().findFirst().orElse("");
            String where = at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new InvalidInputException("The request body is not valid YAML",
                    List.of(new Violation("/", "not valid YAML: " + message + where)));
        } catch (IOException e) {
            throw new InvalidInputException("The request body is not valid YAML", List.of(new Violation("/", "unreadable")));
        }
    }
}
