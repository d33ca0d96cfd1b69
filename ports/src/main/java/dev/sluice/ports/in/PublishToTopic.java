package dev.sluice.ports.in;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Use case: put CloudEvents on any topic of the log, as a producer gives them (Confluent REST Proxy's,
 * Zilla's and Mercure's "publish to any topic over HTTP"). The producer's id, source, type, subject, time,
 * content type, extensions and data are kept.
 */
public interface PublishToTopic {

    /** The extension whose value becomes the record key, so that events with one key keep their order. */
    String PARTITION_KEY = "partitionkey";

    /**
     * Checks every event, then appends them all in one append. Either all are written or none: the stage
     * fails with {@link InvalidInputException} (nothing written) naming every bad attribute and every place
     * where data breaks the topic's JSON Schema, by JSON Pointer into the event ({@code /type},
     * {@code /data/price}; {@code /2/type} in a batch), or with
     * {@link dev.sluice.ports.event.BrokerUnavailableException} when the log did not acknowledge. It completes
     * normally only after the log acknowledged every event durably.
     */
    CompletionStage<Receipt> publish(Command command);

    /**
     * @param topic  the topic to write to, as Kafka names topics
     * @param events the events in order
     * @param batch  whether the request held a batch (pointers then start with the event's index)
     */
    record Command(String topic, List<Event> events, boolean batch) {
        public Command {
            Objects.requireNonNull(events, "events");
            events = List.copyOf(events);
        }
    }

    /**
     * One event as the producer gave it; the use case decides what is acceptable, so any attribute may be
     * null here.
     *
     * @param specVersion     CloudEvents {@code specversion}; only {@code 1.0} is accepted
     * @param id              CloudEvents {@code id}; null to have one generated
     * @param source          CloudEvents {@code source}, a URI reference
     * @param type            CloudEvents {@code type}
     * @param subject         CloudEvents {@code subject}, may be null
     * @param time            CloudEvents {@code time}; null for the time it is published
     * @param dataContentType media type of {@code data}; null for {@code application/json}
     * @param extensions      extension attributes and metadata headers by name; {@value #PARTITION_KEY} is the
     *                        record key, not a header
     * @param data            the payload, empty for none; not copied, callers must not modify it
     */
    record Event(String specVersion, String id, String source, String type, String subject, Instant time,
                 String dataContentType, Map<String, String> extensions, byte[] data) {
        public Event {
            extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
            data = data == null ? new byte[0] : data;
        }
    }

    /** What was written: one entry per event, in request order. */
    record Receipt(String topic, List<Published> events) {
        public Receipt {
            events = List.copyOf(events);
        }
    }

    /** One written event: its id (the producer's or the generated one) and its position on the log. */
    record Published(String id, String position) {}
}
