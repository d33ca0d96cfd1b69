package dev.sluice.cloudevents;

import dev.sluice.ports.event.EventEnvelope;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps Sluice's {@link EventEnvelope} to a CloudEvents SDK {@link CloudEvent} and back, for what is
 * written with the SDK's event formats (the CloudEvents JSON of latest-value tables). Headers follow
 * {@link HeaderRule}: extension headers are extensions, named headers travel in
 * {@value HeaderRule#HEADERS}. The partitioning key is not part of the CloudEvent; the transport
 * carries it (a Kafka record key, a hash field).
 */
public final class CloudEventsCodec {

    private CloudEventsCodec() {}

    public static CloudEvent toCloudEvent(EventEnvelope e) {
        CloudEventBuilder b = CloudEventBuilder.v1()
                .withId(e.id())
                .withSource(URI.create(e.source()))
                .withType(e.type())
                .withTime(e.time().atOffset(ZoneOffset.UTC))
                .withDataContentType(e.contentType())
                .withData(e.payload());
        if (e.subject() != null) {
            b.withSubject(e.subject());
        }
        StringBuilder packed = null;
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            if (HeaderRule.isExtension(h.getKey())) {
                b.withExtension(h.getKey(), h.getValue());
            } else {
                packed = HeaderRule.pack(packed, h.getKey(), h.getValue());
            }
        }
        if (packed != null) {
            b.withExtension(HeaderRule.HEADERS, packed.toString());
        }
        return b.build();
    }

    /**
     * The envelope of {@code ce}, with the key its transport carried.
     *
     * @param fallbackTime the time when the CloudEvent has none (such as the record's timestamp)
     */
    public static EventEnvelope fromCloudEvent(CloudEvent ce, String key, Instant fallbackTime) {
        Map<String, String> headers = new HashMap<>();
        for (String name : ce.getExtensionNames()) {
            Object v = ce.getExtension(name);
            if (v != null) {
                HeaderRule.extension(name, v.toString(), headers);
            }
        }
        byte[] data = ce.getData() == null ? new byte[0] : ce.getData().toBytes();
        Instant time = ce.getTime() == null ? fallbackTime : ce.getTime().toInstant();
        String contentType = ce.getDataContentType() == null ? "application/json" : ce.getDataContentType();
        return new EventEnvelope(ce.getId(), ce.getSource().toString(), ce.getType(), ce.getSubject(), time,
                contentType, key, headers, data);
    }
}
