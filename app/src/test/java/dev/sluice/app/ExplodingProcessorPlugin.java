package dev.sluice.app;

import dev.sluice.ports.spi.Processor;
import dev.sluice.ports.spi.ProcessorPlugin;
import java.nio.charset.StandardCharsets;

/**
 * A third-party processor with a bug, found through {@code META-INF/services} as any plugin jar's
 * would be: {@code - explode: <word>} throws a NullPointerException for payloads containing the word.
 */
public final class ExplodingProcessorPlugin implements ProcessorPlugin {

    @Override
    public String name() {
        return "explode";
    }

    @Override
    public Processor create(String word) {
        return event -> {
            if (new String(event.payload(), StandardCharsets.UTF_8).contains(word)) {
                throw new NullPointerException("a bug in the explode processor");
            }
            return event;
        };
    }
}
