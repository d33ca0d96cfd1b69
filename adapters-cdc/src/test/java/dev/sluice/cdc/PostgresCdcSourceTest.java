package dev.sluice.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.SocketException;
import java.sql.SQLException;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/** What a route says it waits for when its engine failed: what the driver said, never the password. */
class PostgresCdcSourceTest {

    static final PostgresCdcSource SOURCE = new PostgresCdcSource(CdcSettings.of("items-cdc", "public.item",
            Map.of("url", "jdbc:postgresql://127.0.0.1:5432/shop", "username", "cdc", "password", "pa55word")), null);

    @Test
    void theReasonIsWhatTheDatabaseDriverSaidWithItsCause() {
        Throwable lost = new java.util.concurrent.ExecutionException(new ConnectException(
                "An exception occurred in the change event producer. This connector will be stopped.",
                new SQLException("An I/O error occurred while sending to the backend.", "08006",
                        new SocketException("Broken pipe"))));
        assertEquals("An I/O error occurred while sending to the backend. (Broken pipe)",
                SOURCE.reason("Engine has failed", lost));

        Throwable refused = new SQLException("Connection to 127.0.0.1:5432 refused. Check that the hostname and port are"
                + " correct and that the postmaster is accepting TCP/IP connections.", "08001",
                new java.net.ConnectException("Connection refused"));
        assertEquals("Connection to 127.0.0.1:5432 refused. Check that the hostname and port are correct and that the"
                + " postmaster is accepting TCP/IP connections. (Connection refused)", SOURCE.reason(null, refused));
    }

    @Test
    void withoutADriverErrorTheReasonIsTheInnermostMessageOnItsFirstLine() {
        Throwable invalid = new RuntimeException("outer", new IllegalStateException(
                "Connector configuration is not valid. Error while validating connector config: Connection to"
                        + " 127.0.0.1:5432 refused.\nmore detail"));
        assertEquals("Connector configuration is not valid. Error while validating connector config: Connection to"
                + " 127.0.0.1:5432 refused.", SOURCE.reason("ignored", invalid));
        assertEquals("the engine stopped", SOURCE.reason("the engine stopped", null));
        assertEquals("the connector failed", SOURCE.reason(null, null));
    }

    @Test
    void thePasswordNeverShows() {
        Throwable leaky = new SQLException("password authentication failed: database.password=pa55word", "28P01");
        assertEquals("password authentication failed: database.password=****", SOURCE.reason(null, leaky));
        assertEquals("config {database.password=****}", SOURCE.reason("config {database.password=pa55word}", null));
    }
}
