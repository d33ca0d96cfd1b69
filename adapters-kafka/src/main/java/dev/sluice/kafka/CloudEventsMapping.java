package dev.sluice.kafka;

import dev.sluice.cloudevents.CloudEventsCodec;
import dev.sluice.ports.event.EventEnvelope;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Maps {@link EventEnvelope} to Kafka records in CloudEvents binary mode and back (through
 * {@link CloudEventsCodec}, so header names follow its extension-name rule). A record without
 * CloudEvents headers (written by another producer) is still readable: it gets an id derived from its
 * position and the type {@value #FOREIGN_TYPE}.
 */
final class CloudEventsMapping {

    static final String FOREIGN_TYPE = "kafka.record";

    private CloudEventsMapping() {}

    static ProducerRecord<String, byte[]> toRecord(String topic, EventEnvelope e) {
        return KafkaMessageFactory.createWriter(topic, e.key()).writeBinary(CloudEventsCodec.toCloudEvent(e));
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
        return CloudEventsCodec.fromCloudEvent(reader.toEvent(), r.key(), Instant.ofEpochMilli(r.timestamp()));
    }
}
