package dev.sluice.ports.spi;

/**
 * Provides a processor under a name used in route pipelines: the step {@code - filter: <expr>} asks
 * the plugin named {@code filter} to {@link #create} a processor from the argument {@code <expr>}.
 * Found through {@link java.util.ServiceLoader}.
 */
public interface ProcessorPlugin {
    String name();

    /**
     * @param argument the step's value in the route configuration, may be empty
     * @throws IllegalArgumentException when the argument is invalid (fails start-up, naming the route)
     */
    Processor create(String argument);
}
