package dev.sluice.kafka.badfixture;

import dev.sluice.domain.route.RetryPolicy;

/** Bad fixture: an adapter reaching into the domain instead of going through a port. */
public class KafkaAdapterUsingDomain {

    public int maxAttempts() {
        return RetryPolicy.DEFAULT.maxAttempts();
    }
}
