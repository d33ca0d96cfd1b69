package dev.sluice.kafka;

import dev.sluice.ports.event.EventEnvelope;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Maps {@link EventEnvelope} to Kafka records in CloudEvents binary mode and back. Envelope headers
 * become CloudEvents extensions, whose names are lower-case letters and digits: other characters are
 * dropped from a header's name ({@code Trace-Id} becomes {@code traceid}). A record without CloudEvents headers (written by another producer) is still readable: it
 * gets an id derived from its position and the type {@value #FOREIGN_TYPE}.
 */
final class CloudEventsMapping {

    static final String FOREIGN_TYPE = "kafka.record";
    private static final java.util.Set<String> RESERVED = java.util.Set.of("id", "source", "type", "specversion",
            "subject", "time", "datacontenttype", "dataschema", "data");

    private CloudEventsMapping() {}

    static ProducerRecord<String, byte[]> toRecord(String topic, EventEnvelope e) {
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
        e.headers().forEach((name, value) -> {
            // CloudEvents extension names are lower-case letters and digits: "Trace-Id" travels as "traceid"
            String extension = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
            if (!extension.isEmpty() && !RESERVED.contains(extension)) {
                b.withExtension(extension, value);
            }
        });
        return KafkaMessageFactory.createWriter(topic, e.key()).writeBinary(b.build());
    }

    static EventEnvelope fromRecord(ConsumerRecord<String, byte[]> r) {
        byte[] value = r.value() == null ? new byte[0] : r.value();
        if (r.headers().lastHeader("ce_specversion") == null) {
            Header ct = r.headers().lastHeader("content-type");
            String contentType = ct == null ? "application/json" : new String(ct.value(), StandardCharsets.UTF_8);
            return new EventEnvelope(r.topic() + "-" + r.partition() + "-" + r.offset(), "kafka://" + r.topic(),
                    FOREIGN_TYPE, r.key(), Instant.ofEpochMilli(r.timestamp()), contentType, r.key(), Map.of(), value);
        }
        MessageReader reader = KafkaMessageFactory.createReader(r);
        CloudEvent ce = reader.toEvent();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : ce.getExtensionNames()) {
            Object v = ce.getExtension(name);
            if (v != null) {
                headers.put(name, v.toString());
            }
        }
        byte[] data = ce.getData() == null ? new byte[0] : ce.getData().toBytes();
        Instant time = ce.getTime() == null ? Instant.ofEpochMilli(r.timestamp()) : ce.getTime().toInstant();
        String contentType = ce.getDataContentType() == null ? "application/json" : ce.getDataContentType();
        return new EventEnvelope(ce.getId(), ce.getSource().toString(), ce.getType(), ce.getSubject(), time,
                contentType, r.key(), headers, data);
    }
}
