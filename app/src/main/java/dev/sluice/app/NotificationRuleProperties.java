package dev.sluice.app;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/**
 * One notification rule, under {@code sluice.notifications.rules.<name>}:
 * <pre>{@code
 * invoice-email:
 *   on: invoice_created                         # event type
 *   when: "invoice.amount > 0"                  # optional JSONata condition over the data
 *   to: "{{customer.email}}"                    # Mustache templates over the data:
 *   subject: "Invoice {{invoice.id}} from {{organization.name}}"
 *   template: "Hello {{customer.name}} {{customer.lastName}}, ..."
 * }</pre>
 * The data: the event's entity ({@code invoice} or {@code order}), its {@code order}, {@code organization}
 * and {@code customer}, as the latest-value tables hold them when the mail is made.
 */
@EachProperty("sluice.notifications.rules")
public class NotificationRuleProperties {

    private final String name;
    private String on;
    private String when;
    private String to;
    private String subject;
    private String template;
    private String from;

    public NotificationRuleProperties(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getOn() {
        return on;
    }

    public void setOn(String on) {
        this.on = on;
    }

    public String getWhen() {
        return when;
    }

    public void setWhen(String when) {
        this.when = when;
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public String getSubject() {
        return subject;
    }

    public void setSubject(String subject) {
        this.subject = subject;
    }

    public String getTemplate() {
        return template;
    }

    public void setTemplate(String template) {
        this.template = template;
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }
}
