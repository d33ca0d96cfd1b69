package dev.sluice.ports.spi;

import java.util.Map;

/**
 * Provides a route source under a name ({@code source: amqp1}). Found through {@link java.util.ServiceLoader}. A route without {@code source} reads Sluice's own log.
 */
public interface SourcePlugin {
    String name();

    /**
     * The option names {@link #open} reads, checked by {@link Options#check} before it is called; a name
     * ending in a dot ({@code client.}) admits every name under it. Null (the default): not declared, no
     * name is refused.
     */
    default java.util.Set<String> options() {
        return null;
    }

    /**
     * @param address what to read, such as a queue name or an AMQP 1.0 address (the route's {@code from})
     * @param options the route's {@code source-options} (for AMQP: {@code url}, {@code username}, {@code password})
     * @throws IllegalArgumentException when an option is missing or invalid (fails start-up, naming the route)
     * @throws IllegalStateException when what the source reads cannot serve it (fails start-up, naming the route)
     */
    default Source open(String address, Map<String, String> options) {
        throw new UnsupportedOperationException("source '" + name() + "' opens with a context");
    }

    /**
     * Opens the source for a route, with what it may use besides its options. The default calls
     * {@link #open(String, Map)}; a source that keeps state of its own (a change data capture source's
     * position) overrides this one.
     */
    default Source open(String address, Map<String, String> options, Context context) {
        return open(address, options);
    }

    /**
     * What a source gets from Sluice.
     *
     * @param route the route it reads for (names its state, such as a replication slot or its offsets)
     * @param log   Sluice's own log, where a source keeps its position so that a restart resumes there
     */
    record Context(String route, dev.sluice.ports.out.EventLog log) {}
}
