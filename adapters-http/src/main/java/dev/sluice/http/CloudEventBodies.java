package dev.sluice.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cloudevents.CloudEventsCodec;
import dev.sluice.cloudevents.HttpBinding;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.PublishToTopic;
import dev.sluice.ports.in.Violation;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.types.Time;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.exceptions.HttpStatusException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The events of a request to {@code POST /api/topics/{topic}/events}, in the three modes of the CloudEvents
 * HTTP binding: structured ({@value #STRUCTURED}: one event as CloudEvents JSON), batched ({@value #BATCH}: a
 * JSON array of them) and binary (any other content type: the body is the data, the attributes are
 * {@code ce-*} headers).
 *
 * <p>What is read here is the format; what is acceptable is the use case's to say. JSON bodies are read as
 * strictly as every other body ({@link JsonBodies}), then each event by the CloudEvents SDK's JSON format, with
 * a placeholder where an attribute the SDK requires is missing or cannot be read (a missing id, a
 * {@code specversion} other than 1.0, a {@code source} that is no URI): the given value goes to the use case,
 * which generates the id or names the bad attribute next to every other problem of the request. A value the
 * format cannot carry (a number where text belongs, a time that is not RFC 3339, an extension name with
 * capitals) is a 400 here, with the pointer of each. Binary mode goes through codec-cloudevents'
 * {@link HttpBinding}, so its {@code ce-*} headers follow the project's header rule.
 */
final class CloudEventBodies {

    static final String STRUCTURED = "application/cloudevents+json";
    static final String BATCH = "application/cloudevents-batch+json";

    /** The JSON format's context attribute and data members; every other member is an extension. */
    private static final Set<String> CONTEXT = Set.of("specversion", "id", "source", "type", "subject", "time",
            "datacontenttype", "dataschema", "data", "data_base64");

    private static final Pattern EXTENSION_NAME = Pattern.compile("[a-z0-9]+");

    /** As the SDK's JSON format decides whether {@code data} is JSON or must be a string. */
    private static final Pattern JSON_CONTENT_TYPE = Pattern.compile("^(application|text)/([a-zA-Z]+\\+)?json(;.*)*$");

    /**
     * Decimals stay as sent ({@code 29.90} is written back as {@code 29.90}), and the SDK's CloudEvent
     * deserializer reads the events. Immutable once built, thread-safe.
     */
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonBodies.pooledFactory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .addModule(JsonFormat.getCloudEventJacksonModule())
            .build();

    private CloudEventBodies() {}

    /**
     * The request's events, for {@code topic}.
     *
     * @throws InvalidInputException when the body or the headers are not CloudEvents of their mode
     * @throws HttpStatusException   415 for a structured content type other than JSON
     */
    static PublishToTopic.Command read(String topic, HttpRequest<?> request, byte[] body) {
        MediaType type = request.getContentType().orElse(null);
        String subtype = type == null || !type.getType().equalsIgnoreCase("application") ? ""
                : type.getSubtype().toLowerCase(Locale.ROOT);
        List<Violation> violations = new ArrayList<>();
        if (subtype.equals("cloudevents+json")) {
            PublishToTopic.Event event = structured(JsonBodies.parse(request, body), "", violations);
            refuseIf(violations, "The event is not CloudEvents JSON");
            return new PublishToTopic.Command(topic, List.of(event), false);
        }
        if (subtype.equals("cloudevents-batch+json")) {
            return batch(topic, JsonBodies.parse(request, body), violations);
        }
        if (subtype.startsWith("cloudevents")) {
            throw new HttpStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content type " + type.getName()
                    + " is not accepted: structured mode takes " + STRUCTURED + " or " + BATCH
                    + "; for any other data, send it as the body with ce-* headers (binary mode)");
        }
        PublishToTopic.Event event = binary(request, body, violations);
        refuseIf(violations, "The event's ce-* headers are not valid");
        return new PublishToTopic.Command(topic, List.of(event), false);
    }

    private static PublishToTopic.Command batch(String topic, Object body, List<Violation> violations) {
        if (!(body instanceof List<?> elements)) {
            throw new InvalidInputException("The batch is not a JSON array", List.of(new Violation("/",
                    "a batch (" + BATCH + ") is a JSON array of CloudEvents; send one event as " + STRUCTURED)));
        }
        List<PublishToTopic.Event> events = new ArrayList<>(elements.size());
        int bad = 0;
        for (int i = 0; i < elements.size(); i++) {
            int before = violations.size();
            events.add(structured(elements.get(i), "/" + i, violations));
            bad += violations.size() > before ? 1 : 0;
        }
        refuseIf(violations, bad + " of " + elements.size() + " events " + (bad == 1 ? "is" : "are")
                + " not CloudEvents JSON");
        return new PublishToTopic.Command(topic, events, true);
    }

    private static void refuseIf(List<Violation> violations, String what) {
        if (!violations.isEmpty()) {
            throw new InvalidInputException(what + "; nothing was written", violations);
        }
    }

    /** One event in the CloudEvents JSON format, or null (with its violations added) when it is not one. */
    private static PublishToTopic.Event structured(Object element, String at, List<Violation> violations) {
        if (!(element instanceof Map<?, ?>)) {
            violations.add(new Violation(at.isEmpty() ? "/" : at, "must be a CloudEvent: a JSON object"
                    + (at.isEmpty() ? " (a batch goes as " + BATCH + ")" : "")));
            return null;
        }
        int before = violations.size();
        ObjectNode node = MAPPER.valueToTree(element);
        String specVersion = text(node, "specversion", at, violations);
        String id = text(node, "id", at, violations);
        String source = text(node, "source", at, violations);
        String type = text(node, "type", at, violations);
        text(node, "subject", at, violations);
        String contentType = text(node, "datacontenttype", at, violations);
        String time = text(node, "time", at, violations);
        if (time != null) {
            try {
                Time.parseTime(time);
            } catch (DateTimeException e) {
                violations.add(new Violation(at + "/time", "must be an RFC 3339 time, such as 2026-01-01T10:00:00Z"));
            }
        }
        if (node.hasNonNull("dataschema")) {
            violations.add(new Violation(at + "/dataschema", "is not kept by Sluice; a topic's JSON Schema is "
                    + "its setting sluice.topics.<topic>.schema"));
        }
        checkData(node, contentType, at, violations);
        checkExtensions(node, at, violations);
        if (violations.size() > before) {
            return null;
        }
        // the SDK requires these; the use case judges what was given
        node.put("specversion", "1.0");
        node.put("id", id == null ? "-" : id);
        node.put("source", source != null && isUriReference(source) ? source : "/");
        node.put("type", type == null ? "-" : type);
        CloudEvent event;
        try {
            event = MAPPER.treeToValue(node, CloudEvent.class);
        } catch (JacksonException | IllegalArgumentException e) {
            violations.add(new Violation(at.isEmpty() ? "/" : at, "is not a CloudEvent: " + firstLine(e.getMessage())));
            return null;
        }
        EventEnvelope envelope = CloudEventsCodec.fromCloudEvent(event, null, Instant.EPOCH);
        Map<String, String> extensions = new HashMap<>(envelope.headers());
        Object key = event.getExtension(PublishToTopic.PARTITION_KEY);
        if (key != null) {
            extensions.put(PublishToTopic.PARTITION_KEY, key.toString());
        }
        byte[] data = event.getData() instanceof JsonCloudEventData json ? jsonBytes(json.getNode()) : envelope.payload();
        return new PublishToTopic.Event(specVersion, id, source, type, event.getSubject(),
                event.getTime() == null ? null : event.getTime().toInstant(), event.getDataContentType(), extensions, data);
    }

    /** The member as text: null when absent or null; a violation (and null) when it is not a string. */
    private static String text(ObjectNode node, String name, String at, List<Violation> violations) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            node.remove(name);
            return null;
        }
        if (!value.isTextual()) {
            violations.add(new Violation(at + "/" + name, "must be a string"));
            return null;
        }
        return value.textValue();
    }

    private static void checkData(ObjectNode node, String contentType, String at, List<Violation> violations) {
        JsonNode base64 = node.get("data_base64");
        if (base64 != null && node.has("data")) {
            violations.add(new Violation(at + "/data_base64", "must not be given with data: one or the other"));
        } else if (base64 != null) {
            boolean valid = base64.isTextual();
            if (valid) {
                try {
                    Base64.getDecoder().decode(base64.textValue());
                } catch (IllegalArgumentException e) {
                    valid = false;
                }
            }
            if (!valid) {
                violations.add(new Violation(at + "/data_base64", "must be a base64 string (RFC 4648)"));
            }
        } else if (node.has("data") && !node.get("data").isTextual() && contentType != null
                && !JSON_CONTENT_TYPE.matcher(contentType).matches()) {
            violations.add(new Violation(at + "/data", "must be a string, since datacontenttype " + contentType
                    + " is not JSON (or send the bytes as data_base64)"));
        }
    }

    /** Extension members: CloudEvents names; string, boolean or integer values (null ones are absent). */
    private static void checkExtensions(ObjectNode node, String at, List<Violation> violations) {
        List<String> absent = new ArrayList<>();
        node.properties().forEach(member -> {
            String name = member.getKey();
            JsonNode value = member.getValue();
            if (CONTEXT.contains(name)) {
                return;
            }
            String pointer = at + "/" + name.replace("~", "~0").replace("/", "~1");
            if (!EXTENSION_NAME.matcher(name).matches()) {
                violations.add(new Violation(pointer, "is not a CloudEvents attribute name: only a-z and 0-9"));
            } else if (value.isNull()) {
                absent.add(name);
            } else if (!value.isTextual() && !value.isBoolean() && !value.isInt()) {
                violations.add(new Violation(pointer, "must be a string, a boolean or an integer (an extension "
                        + "attribute's value)"));
            }
        });
        node.remove(absent);
    }

    /**
     * The event of a binary-mode request: {@link HttpBinding} reads the {@code ce-*} headers, the body is the
     * data and {@code Content-Type} its content type.
     */
    private static PublishToTopic.Event binary(HttpRequest<?> request, byte[] body, List<Violation> violations) {
        HttpHeaders headers = request.getHeaders();
        Map<String, String> attributes = new HashMap<>();
        for (String name : headers.names()) {
            if (name.regionMatches(true, 0, "ce-", 0, 3)) {
                String attribute = name.substring(3).toLowerCase(Locale.ROOT);
                String value = percentDecoded(headers.get(name));
                if (value == null) {
                    violations.add(new Violation("/" + attribute, "is not valid percent-encoded UTF-8 (header " + name
                            + "; CloudEvents HTTP binding 3.1.3.2)"));
                } else {
                    attributes.put(attribute, value);
                }
            }
        }
        if (!violations.isEmpty()) {
            return null;
        }
        EventEnvelope envelope;
        try {
            // the envelope needs id, source and type: "" stands in for a missing one, which the use case judges
            envelope = HttpBinding.read(headers.names(), name -> {
                String value = headers.get(name);
                return value == null && Set.of("ce-id", "ce-source", "ce-type").contains(name) ? "" : value;
            }, body, Instant.EPOCH);
        } catch (DateTimeException e) {
            violations.add(new Violation("/time", "must be an RFC 3339 time, such as 2026-01-01T10:00:00Z (header "
                    + "ce-time)"));
            return null;
        }
        Map<String, String> extensions = new HashMap<>(envelope.headers());
        if (attributes.containsKey(PublishToTopic.PARTITION_KEY)) {
            extensions.put(PublishToTopic.PARTITION_KEY, attributes.get(PublishToTopic.PARTITION_KEY));
        }
        return new PublishToTopic.Event(attributes.get("specversion"), attributes.get("id"), attributes.get("source"),
                attributes.get("type"), envelope.subject(), attributes.containsKey("time") ? envelope.time() : null,
                headers.get(HttpHeaders.CONTENT_TYPE), extensions, envelope.payload());
    }

    /**
     * A header value percent-decoded as the CloudEvents HTTP binding encodes it, or null when a {@code %} is
     * not followed by two hex digits or the bytes are not UTF-8 (the codec would read those leniently).
     */
    private static String percentDecoded(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int hi = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
            int lo = i + 2 < value.length() ? Character.digit(value.charAt(i + 2), 16) : -1;
            if (hi < 0 || lo < 0) {
                return null;
            }
            bytes.write(hi << 4 | lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isUriReference(String value) {
        try {
            new URI(value);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static byte[] jsonBytes(JsonNode data) {
        try {
            return MAPPER.writeValueAsBytes(data);
        } catch (JacksonException e) {
            throw new IllegalStateException("a JSON tree that cannot be written as JSON", e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
