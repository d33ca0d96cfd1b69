package dev.sluice.bench;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.runtime.Micronaut;

/**
 * The HTTP ceiling: Micronaut on Netty, as in Sluice, answering 202 to a POST without parsing or
 * storing it, plus the management health endpoint. {@code PlainServer} reads its port from
 * {@code MICRONAUT_SERVER_PORT}.
 */
@Controller
public class PlainServer {

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(PlainServer.class).banner(false).start();
    }

    @Post(uri = "/plain", consumes = "application/json")
    HttpResponse<?> accept(@Body byte[] body) {
        return HttpResponse.status(HttpStatus.ACCEPTED);
    }
}
