package dev.sluice.transform;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.spi.Processor;
import dev.sluice.ports.spi.ProcessorPlugin;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code - meta: deleted()}: removes the event's metadata, the headers it arrived with (AMQP application
 * properties, Kafka headers), as the S2 seed's Bloblang mapping {@code meta = deleted()} does. The
 * CloudEvents context (id, source, type, time, key) is the event itself and stays. Also
 * {@code deleted(a, b)} removes only the named headers and {@code keep(a, b)} removes all others.
 */
public final class MetaPlugin implements ProcessorPlugin {

    private static final Pattern FORM = Pattern.compile("\\s*(deleted|keep)\\(\\s*([^)]*)\\)\\s*");

    @Override
    public String name() {
        return "meta";
    }

    @Override
    public Processor create(String argument) {
        Matcher m = FORM.matcher(argument == null ? "" : argument);
        if (!m.matches()) {
            throw new IllegalArgumentException("processor 'meta' takes deleted(), deleted(name, ...) or keep(name, ...), was '"
                    + argument + "'");
        }
        boolean keep = m.group(1).equals("keep");
        List<String> names = m.group(2).isBlank() ? List.of()
                : Arrays.stream(m.group(2).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (keep && names.isEmpty()) {
            throw new IllegalArgumentException("processor 'meta': keep(...) needs the header names to keep; "
                    + "deleted() removes them all");
        }
        return new MetaProcessor(keep, names, argument.trim());
    }

    private record MetaProcessor(boolean keep, List<String> names, String source) implements Processor {
        @Override
        public EventEnvelope apply(EventEnvelope event) {
            if (!keep && names.isEmpty()) {
                return event.headers().isEmpty() ? event : event.withHeaders(Map.of());
            }
            Map<String, String> headers = new HashMap<>(event.headers());
            headers.keySet().removeIf(k -> keep != names.contains(k));
            return event.withHeaders(headers);
        }

        @Override
        public String toString() {
            return "meta(" + source + ")";
        }
    }
}
