package dev.sluice.engine.topics;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.PublishToTopic;
import dev.sluice.ports.in.Violation;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.PayloadSchemas;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Publishing CloudEvents to any topic: every event of a request is checked (CloudEvents 1.0 context
 * attributes, and the topic's JSON Schema when it has one) before any is written, then all are appended in
 * one append, and the answer waits for the log's acknowledgement. What the producer gives is kept: id,
 * source, type, subject, time, content type, extensions and data; an id is generated where none is given and
 * the time is the time of publishing where none is given. The extension {@value PublishToTopic#PARTITION_KEY}
 * is the record key, so events with one key keep their order.
 */
public final class TopicPublisher implements PublishToTopic {

    /** What Kafka accepts as a topic name; the other brokers accept at least these. */
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    static final String SPEC_VERSION = "1.0";
    static final String DEFAULT_CONTENT_TYPE = "application/json";

    private final EventLog log;
    private final Map<String, PayloadSchemas.Schema> schemas;
    private final Clock clock;
    private final Supplier<String> ids;

    /**
     * @param schemas the JSON Schema of each topic that has one, by topic name
     * @param ids     new event ids, for events given without one
     */
    public TopicPublisher(EventLog log, Map<String, PayloadSchemas.Schema> schemas, Clock clock, Supplier<String> ids) {
        this.log = Objects.requireNonNull(log);
        this.schemas = Map.copyOf(schemas);
        this.clock = Objects.requireNonNull(clock);
        this.ids = Objects.requireNonNull(ids);
    }

    /** Ids are random UUIDs. */
    public TopicPublisher(EventLog log, Map<String, PayloadSchemas.Schema> schemas, Clock clock) {
        this(log, schemas, clock, () -> UUID.randomUUID().toString());
    }

    @Override
    public CompletionStage<Receipt> publish(Command command) {
        List<Violation> violations = new ArrayList<>();
        String topic = command.topic();
        boolean topicValid = checkTopic(topic, violations);
        if (command.events().isEmpty()) {
            violations.add(new Violation("/", "must hold at least one event"));
        }
        PayloadSchemas.Schema schema = topicValid ? schemas.get(topic) : null;
        Instant now = clock.instant();
        List<EventEnvelope> envelopes = new ArrayList<>(command.events().size());
        int invalidEvents = 0;
        for (int i = 0; i < command.events().size(); i++) {
            int before = violations.size();
            EventEnvelope envelope = envelope(command.events().get(i), command.batch() ? "/" + i : "", topic, schema,
                    now, violations);
            if (violations.size() > before) {
                invalidEvents++;
            } else {
                envelopes.add(envelope);
            }
        }
        if (!violations.isEmpty()) {
            return CompletableFuture.failedFuture(new InvalidInputException(
                    summary(command, topicValid, invalidEvents), violations));
        }
        return log.append(topic, envelopes).thenApply(positions -> receipt(topic, envelopes, positions));
    }

    /** Kafka's rule for a topic name (the other brokers accept at least these); browsing checks the same. */
    static boolean checkTopic(String topic, List<Violation> violations) {
        if (topic == null || !TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            violations.add(new Violation("/topic", "must be 1 to 249 letters, digits, '.', '_' or '-', and not '.' "
                    + "or '..'"));
            return false;
        }
        if (topic.startsWith("__")) {
            violations.add(new Violation("/topic", "must not start with '__': such topics belong to the broker"));
            return false;
        }
        return true;
    }

    /**
     * The envelope of one event, or null when it breaks a rule; each broken rule is added to {@code violations}
     * with a pointer under {@code at} (the event's index in a batch, nothing for a single event).
     */
    private EventEnvelope envelope(Event event, String at, String topic, PayloadSchemas.Schema schema, Instant now,
                                   List<Violation> violations) {
        int before = violations.size();
        if (event.specVersion() == null) {
            violations.add(new Violation(at + "/specversion", "is required"));
        } else if (!event.specVersion().equals(SPEC_VERSION)) {
            violations.add(new Violation(at + "/specversion", "must be \"1.0\": this is CloudEvents 1.0"));
        }
        nonEmpty(event.id(), at + "/id", false, violations);
        if (nonEmpty(event.source(), at + "/source", true, violations) && !isUriReference(event.source())) {
            violations.add(new Violation(at + "/source", "must be a URI reference (RFC 3986), such as /shop/orders"));
        }
        nonEmpty(event.type(), at + "/type", true, violations);
        nonEmpty(event.subject(), at + "/subject", false, violations);
        nonEmpty(event.dataContentType(), at + "/datacontenttype", false, violations);
        String contentType = event.dataContentType() == null ? DEFAULT_CONTENT_TYPE : event.dataContentType();
        if (schema != null) {
            if (!isJson(contentType)) {
                violations.add(new Violation(at + "/data", "must be JSON (datacontenttype application/json or a "
                        + "+json type): topic " + topic + " takes data that matches its JSON Schema, not "
                        + contentType));
            } else {
                for (PayloadSchemas.Mismatch m : schema.check(event.data())) {
                    violations.add(new Violation(at + "/data" + m.pointer(), m.message()));
                }
            }
        }
        if (violations.size() > before) {
            return null;
        }
        Map<String, String> headers = new HashMap<>(event.extensions());
        String key = headers.remove(PARTITION_KEY);
        return new EventEnvelope(event.id() == null ? ids.get() : event.id(), event.source(), event.type(),
                event.subject(), event.time() == null ? now : event.time(), contentType, key, headers, event.data());
    }

    /** Whether {@code value} is there; adds a violation when it is required and missing, or empty. */
    private static boolean nonEmpty(String value, String pointer, boolean required, List<Violation> violations) {
        if (value == null) {
            if (required) {
                violations.add(new Violation(pointer, "is required"));
            }
            return false;
        }
        if (value.isEmpty()) {
            violations.add(new Violation(pointer, "must not be empty"));
            return false;
        }
        return true;
    }

    private static boolean isUriReference(String value) {
        try {
            new URI(value);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** {@code application/json}, {@code text/json} or any {@code +json} type, parameters and case ignored. */
    static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.equals("text/json")
                || type.startsWith("application/") && type.endsWith("+json");
    }

    private static String summary(Command command, boolean topicValid, int invalidEvents) {
        if (invalidEvents == 0) {
            return (topicValid ? "The request holds no event" : "The topic name is invalid") + "; nothing was written";
        }
        if (!command.batch()) {
            return "The event is invalid; nothing was written";
        }
        return invalidEvents + " of " + command.events().size() + " events " + (invalidEvents == 1 ? "is" : "are")
                + " invalid; nothing was written";
    }

    private static Receipt receipt(String topic, List<EventEnvelope> events, List<Position> positions) {
        List<Published> published = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            published.add(new Published(events.get(i).id(), positions.get(i).value()));
        }
        return new Receipt(topic, published);
    }
}
