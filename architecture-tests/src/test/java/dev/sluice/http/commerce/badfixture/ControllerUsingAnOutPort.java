package dev.sluice.http.commerce.badfixture;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.in.ManageCommerce;
import dev.sluice.ports.out.EventLog;
import java.util.List;

/**
 * Bad fixture: an HTTP controller that appends to the log itself instead of calling its in-port. Its
 * use of the in-port ({@link ManageCommerce}) and of the event vocabulary is legal and must not be
 * reported.
 */
public class ControllerUsingAnOutPort {

    private final ManageCommerce commerce;
    private final EventLog log;

    public ControllerUsingAnOutPort(ManageCommerce commerce, EventLog log) {
        this.commerce = commerce;
        this.log = log;
    }

    public Object create(EventEnvelope event) {
        log.append("commerce.customers", List.of(event));
        return commerce.list(ManageCommerce.Entity.CUSTOMER);
    }
}
