package dev.sluice.http;

import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.Violation;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.util.List;

/** Parses request bodies into plain JDK values (Map, List, String, Number, Boolean, null). */
public final class JsonBodies {

    private JsonBodies() {}

    public static Object parse(JsonMapper mapper, byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidInputException("The request body is empty", List.of(new Violation("/", "a JSON body is required")));
        }
        try {
            return mapper.readValue(body, Argument.OBJECT_ARGUMENT);
        } catch (IOException e) {
            throw new InvalidInputException("The request body is not valid JSON",
                    List.of(new Violation("/", "not valid JSON: " + firstLine(e.getMessage()))));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
