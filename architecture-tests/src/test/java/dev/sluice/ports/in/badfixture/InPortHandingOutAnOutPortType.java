package dev.sluice.ports.in.badfixture;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.out.EventLog;

/**
 * Bad fixture: an in-port whose method hands its caller an out-port. Its use of the event vocabulary
 * ({@link EventEnvelope}) is legal and must not be reported.
 */
public interface InPortHandingOutAnOutPortType {

    EventLog log();

    EventEnvelope latest(String key);
}
