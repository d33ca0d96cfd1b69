package dev.sluice.ports.badfixture;

import io.micronaut.core.type.Argument;

/** Bad fixture: a port whose contract leaks a Micronaut type. */
public interface PortUsingMicronaut {

    <T> T decode(byte[] payload, Argument<T> type);
}
