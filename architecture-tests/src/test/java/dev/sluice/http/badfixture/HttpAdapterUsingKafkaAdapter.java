package dev.sluice.http.badfixture;

import dev.sluice.kafka.badfixture.KafkaAdapterUsingDomain;

/** Bad fixture: one adapter calling another adapter directly instead of meeting it at a port. */
public class HttpAdapterUsingKafkaAdapter {

    private final KafkaAdapterUsingDomain kafka = new KafkaAdapterUsingDomain();

    public int attempts() {
        return kafka.maxAttempts();
    }
}
