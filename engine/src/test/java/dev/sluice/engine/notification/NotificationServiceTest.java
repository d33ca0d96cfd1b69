package dev.sluice.engine.notification;

import dev.sluice.domain.notification.NotificationRule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.engine.commerce.CommerceService;
import dev.sluice.engine.commerce.CommerceServiceTest;
import dev.sluice.domain.route.RetryPolicy;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.in.ManageCommerce.Entity;
import dev.sluice.ports.in.ObserveNotifications;
import dev.sluice.ports.out.Mailer;
import dev.sluice.ports.out.Templates;
import dev.sluice.ports.spi.Processor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Notification rules with in-memory fakes: current data, condition, retries, records, idempotence. */
class NotificationServiceTest {

    /** Templates fake: replaces {{a.b}} by the value at that path, nothing more. */
    static final class PathTemplates implements Templates {
        @Override
        public Template compile(String name, String source) {
            return model -> {
                StringBuilder out = new StringBuilder();
                int i = 0;
                while (i < source.length()) {
                    int open = source.indexOf("{{", i);
                    if (open < 0) {
                        out.append(source.substring(i));
                        break;
                    }
                    int close = source.indexOf("}}", open);
                    out.append(source, i, open);
                    Object v = model;
                    for (String part : source.substring(open + 2, close).split("\\.")) {
                        v = v instanceof Map<?, ?> m ? m.get(part) : null;
                    }
                    out.append(v == null ? "" : v);
                    i = close + 2;
                }
                return out.toString();
            };
        }
    }

    /** Mailer fake: fails as scripted, then keeps what it was given. */
    static final class ScriptedMailer implements Mailer {
        final List<Mail> sent = new ArrayList<>();
        int failuresLeft;

        @Override
        public void send(Mail mail) {
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new MailException("server busy", true, null);
            }
            sent.add(mail);
        }
    }

    private final CommerceServiceTest.MemoryLogAndTables store = new CommerceServiceTest.MemoryLogAndTables();
    private final CommerceServiceTest.MemoryJson json = new CommerceServiceTest.MemoryJson();
    private final AtomicInteger ids = new AtomicInteger();
    private final CommerceService commerce = new CommerceService(store, store, json, Clock.systemUTC(),
            () -> "id" + ids.incrementAndGet(), "commerce.", Duration.ofSeconds(1));
    private final ScriptedMailer mailer = new ScriptedMailer();
    private final List<Duration> slept = new ArrayList<>();
    private final PathTemplates templates = new PathTemplates();

    private NotificationService service(Processor condition) {
        NotificationRule rule = new NotificationRule("invoice-email", "invoice_created", condition, "billing@x.example",
                templates.compile("to", "{{customer.email}}"),
                templates.compile("subject", "Invoice from {{organization.name}}"),
                templates.compile("text", "Hello {{customer.name}} {{customer.lastName}}"));
        return new NotificationService(List.of(rule), commerce, store, store, json, mailer,
                new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(400), 3, Duration.ofSeconds(1)),
                slept::add, () -> 0.0, Clock.systemUTC(), "commerce.", Duration.ofSeconds(1));
    }

    /** The seed's story up to an invoice: John Do, renamed Johnny with a new address after his order. */
    private String order() {
        var org = commerce.create(Entity.ORGANIZATION, Map.of("name", "SuperCompany"));
        var john = commerce.create(Entity.CUSTOMER, Map.of("name", "John", "lastName", "Do", "email", "jdo@gmail.com"));
        var order = commerce.create(Entity.ORDER, Map.of("po", "po002", "organizationId", org.get("id"),
                "customerId", john.get("id"), "date", "2022-05-07T07:50:03Z"));
        commerce.update(Entity.CUSTOMER, (String) john.get("id"), Map.of("name", "Johnny", "email", "johnny@do.example"));
        return (String) order.get("id");
    }

    private EventEnvelope invoice(String orderId, int amount) {
        commerce.create(Entity.INVOICE, Map.of("orderId", orderId, "amount", amount, "currency", "EUR",
                "dueDate", "2022-06-30"));
        return store.appended.get(store.appended.size() - 1);
    }

    private static LoggedEvent logged(EventEnvelope e) {
        return new LoggedEvent(e, new Position("0"), "0");
    }

    @Test
    void theMailUsesTheCurrentDataAndTheSameEventNeverSendsTwice() throws Exception {
        NotificationService notifications = service(null);
        EventEnvelope invoice = invoice(order(), 10);
        notifications.handle(logged(invoice));
        notifications.handle(logged(invoice)); // handed again, as after a crash before the commit
        assertEquals(1, mailer.sent.size());
        Mailer.Mail mail = mailer.sent.get(0);
        assertEquals("johnny@do.example", mail.to());
        assertEquals("Invoice from SuperCompany", mail.subject());
        assertEquals("Hello Johnny Do", mail.text());
        List<ObserveNotifications.Record> records = notifications.list(10);
        assertEquals(1, records.size());
        assertEquals("invoice-email:" + invoice.id(), records.get(0).id());
        assertEquals("sent", records.get(0).status());
        assertEquals(1, records.get(0).attempts());

        // a new service over the same records, as after a restart, does not send it again either
        service(null).handle(logged(invoice));
        assertEquals(1, mailer.sent.size());
    }

    @Test
    void aBusyServerIsRetriedWithBackoffAndAFinalFailureIsARecordThatReplays() throws Exception {
        NotificationService notifications = service(null);
        String order = order();
        mailer.failuresLeft = 1;
        notifications.handle(logged(invoice(order, 10)));
        assertEquals(1, mailer.sent.size(), "sent at the second attempt");
        assertEquals(List.of(Duration.ofMillis(50)), slept, "the policy's backoff, equal jitter at 0");
        assertEquals(2, notifications.list(1).get(0).attempts());

        mailer.failuresLeft = 5;
        EventEnvelope later = invoice(order, 20);
        notifications.handle(logged(later));
        ObserveNotifications.Record failed = notifications.list(10).stream()
                .filter(r -> r.eventId().equals(later.id())).findFirst().orElseThrow();
        assertEquals("failed", failed.status());
        assertEquals(3, failed.attempts(), "the policy's attempts");
        assertTrue(failed.lastError().contains("server busy"));
        notifications.handle(logged(later));
        assertEquals(3, notifications.list(10).stream().filter(r -> r.eventId().equals(later.id())).findFirst()
                .orElseThrow().attempts(), "a failed record waits for a replay");

        mailer.failuresLeft = 0;
        ObserveNotifications.Record replayed = notifications.replay(failed.id());
        assertEquals("sent", replayed.status());
        assertEquals(4, replayed.attempts());
        assertEquals(2, mailer.sent.size());
        assertEquals("sent", notifications.replay(failed.id()).status());
        assertEquals(2, mailer.sent.size(), "replaying a sent notification sends nothing");
    }

    @Test
    void aConditionThatDropsTheEventSendsNothingAndRecordsNothing() throws Exception {
        NotificationService notifications = service(event -> null);
        notifications.handle(logged(invoice(order(), 10)));
        assertTrue(mailer.sent.isEmpty());
        assertTrue(notifications.list(10).isEmpty());
    }
}
