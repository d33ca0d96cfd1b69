package dev.sluice.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;

/** {@code /} and {@code /console} lead to the web console, {@code /swagger-ui} to the Swagger UI page. */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
final class DocsController {

    @Get("/")
    HttpResponse<?> root() {
        return HttpResponse.seeOther(URI.create("/console/index.html"));
    }

    @Get("/console")
    HttpResponse<?> console() {
        return HttpResponse.seeOther(URI.create("/console/index.html"));
    }

    @Get("/swagger-ui")
    HttpResponse<?> swaggerUi() {
        return HttpResponse.seeOther(URI.create("/swagger-ui/index.html"));
    }
}
