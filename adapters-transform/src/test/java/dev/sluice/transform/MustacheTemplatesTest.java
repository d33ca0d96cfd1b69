package dev.sluice.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.ports.out.Templates;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MustacheTemplatesTest {

    private final Templates templates = new MustacheTemplates();

    @Test
    void rendersNestedValuesAsPlainText() {
        Templates.Template t = templates.compile("invoice", "Hello {{customer.name}} {{customer.lastName}}, "
                + "invoice {{invoice.id}} of {{invoice.amount}} {{invoice.currency}} for {{organization.name}}{{missing}}.");
        String text = t.render(Map.of(
                "customer", Map.of("name", "Johnny", "lastName", "Do & Sons"),
                "invoice", Map.of("id", "i-1", "amount", 120.5, "currency", "EUR"),
                "organization", Map.of("name", "SuperCompany")));
        assertEquals("Hello Johnny Do & Sons, invoice i-1 of 120.5 EUR for SuperCompany.", text);
    }

    @Test
    void anInvalidTemplateIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> templates.compile("broken-rule", "Hello {{#customer}}never closed"));
        assertEquals(true, e.getMessage().contains("broken-rule"), e.getMessage());
    }
}
