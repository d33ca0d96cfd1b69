package dev.sluice.kafka;

import dev.sluice.cloudevents.KafkaBinding;
import dev.sluice.ports.event.EventEnvelope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Kafka records of {@link EventEnvelope}s in CloudEvents binary mode: {@link KafkaBinding} decides the
 * headers, this class copies them into and out of the client's types. A record without CloudEvents
 * headers (written by another producer) is still readable: it gets an id derived from its position
 * and the type {@value KafkaBinding#FOREIGN_TYPE}.
 */
final class CloudEventsMapping {

    private CloudEventsMapping() {}

    static ProducerRecord<String, byte[]> toRecord(String topic, EventEnvelope e) {
        RecordHeaders headers = new RecordHeaders();
        KafkaBinding.write(e, (name, value) -> headers.add(new RecordHeader(name, value)));
        // a tombstone is a null value, which compaction and Kafka Streams' tables read as the key's deletion
        return new ProducerRecord<>(topic, null, e.key(), e.isTombstone() ? null : e.payload(), headers);
    }

    static EventEnvelope fromRecord(ConsumerRecord<String, byte[]> r) {
        return KafkaBinding.read(r.headers(), Header::key, Header::value, r.key(), r.value(), r.timestamp(),
                r.topic(), r.partition(), r.offset());
    }
}
