package dev.sluice.http;

import dev.sluice.http.security.RequiresScope;
import dev.sluice.ports.in.BrowseMail;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mail the built-in catcher took (the S3 demo: notifications without an SMTP server). When the catcher is
 * off every endpoint answers 404 problem+json whose detail says why and where mail goes instead.
 */
@Controller("/api/mail")
@Requires(beans = BrowseMail.class)
@Tag(name = "mail")
final class MailController {

    static final String MAIL_EXAMPLE = """
            {"id":"1","receivedAt":"2026-01-01T10:00:02.118Z","from":"billing@example.com","to":["johnny@do.example"],
             "subject":"Invoice from SuperCompany",
             "text":"Hello Johnny Do, your invoice of 120.5 EUR for order po002 is due on 2022-06-30.",
             "headers":{"Message-ID":"<1043587121.1.1767261602101@sluice>","Date":"Thu, 1 Jan 2026 10:00:02 +0000",
              "From":"billing@example.com","To":"johnny@do.example","Subject":"Invoice from SuperCompany",
              "Content-Type":"text/plain; charset=UTF-8"}}""";
    static final String LIST_EXAMPLE = "{\"host\":\"127.0.0.1\",\"port\":2525,\"capacity\":500,\"messages\":["
            + MAIL_EXAMPLE + "]}";
    static final String OFF_EXAMPLE = """
            {"type":"https://sluice.dev/problems/not-found","title":"Not found","status":404,
             "detail":"The mail catcher is off: an SMTP host is configured (SMTP_HOST, sluice.notifications.smtp.host), \
            and it wins; mail goes to SMTP smtp://mail.example.com:587.","instance":"/api/mail"}""";

    private final BrowseMail mail;

    MailController(BrowseMail mail) {
        this.mail = mail;
    }

    @RequiresScope("admin") // mail holds customers' addresses and what was sent them
    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "The caught mail, newest first",
            description = "Where the catcher listens (always 127.0.0.1), how many messages it keeps (the oldest is "
                    + "dropped for a new one; sluice.mail-catcher.max-messages), and each message: its envelope "
                    + "sender and recipients, subject, plain-text and HTML bodies (when present) and the headers "
                    + "worth reading. The catcher runs when sluice.mail-catcher.enabled, the notifications are on, "
                    + "and no SMTP host is configured.")
    @ApiResponse(responseCode = "200", description = "The catcher and its messages",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "one invoice mail", value = LIST_EXAMPLE)))
    @ApiResponse(responseCode = "404", description = "The catcher is off; the detail says why and where mail goes",
            content = @Content(mediaType = "application/problem+json",
                    examples = @ExampleObject(name = "catcher off", value = OFF_EXAMPLE)))
    Map<String, Object> list() {
        BrowseMail.Caught caught = mail.list();
        // written out so that an empty list stays in the answer (the serializer leaves empty values out)
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("host", caught.host());
        answer.put("port", caught.port());
        answer.put("capacity", caught.capacity());
        answer.put("messages", caught.messages());
        return answer;
    }

    @RequiresScope("admin")
    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "One caught message")
    @ApiResponse(responseCode = "200", description = "The message", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "invoice mail", value = MAIL_EXAMPLE)))
    @ApiResponse(responseCode = "404", description = "No such message (any more), or the catcher is off")
    BrowseMail.CaughtMail get(@PathVariable String id) {
        return mail.get(id);
    }

    @RequiresScope("admin")
    @Delete
    @Operation(summary = "Empty the catcher", description = "Forgets every caught message; new ones are caught as before.")
    @ApiResponse(responseCode = "204", description = "Emptied")
    @ApiResponse(responseCode = "404", description = "The catcher is off")
    HttpResponse<Void> clear() {
        mail.clear();
        return HttpResponse.noContent();
    }
}
