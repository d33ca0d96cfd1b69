package dev.sluice.app.badfixture;

import dev.sluice.domain.route.RetryPolicy;
import dev.sluice.kafka.badfixture.KafkaAdapterUsingDomain;

/**
 * Fixture for the composition root. Not bad in itself: the app may see the domain and every adapter,
 * so no rule may report this class. It only exists so that {@code HttpAdapterUsingApp} has an app
 * class to (wrongly) depend on.
 */
public class AppWiring {

    public static String name() {
        return "sluice";
    }

    public RetryPolicy policy() {
        return RetryPolicy.DEFAULT;
    }

    public KafkaAdapterUsingDomain kafka() {
        return new KafkaAdapterUsingDomain();
    }
}
