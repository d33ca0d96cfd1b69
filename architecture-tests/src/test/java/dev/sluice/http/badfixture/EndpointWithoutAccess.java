package dev.sluice.http.badfixture;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * Bad fixture: an endpoint that declares neither the scope it needs nor {@code @Secured}; with access
 * control on it would be refused to everyone, and a rule that let it pass would let a hole pass too.
 */
@Controller("/bad")
public class EndpointWithoutAccess {

    @Get
    public String open() {
        return "anyone";
    }
}
