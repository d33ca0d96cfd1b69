package dev.sluice.ports.out;

/**
 * Writes and reads JSON. The tree uses plain JDK types: {@code Map<String, ?>} (insertion order kept),
 * {@code List<?>}, {@code String}, {@code Number}, {@code Boolean} and {@code null}. Thread-safe.
 */
public interface JsonCodec {
    byte[] encode(Object tree);

    /**
     * Reads a JSON document into the same plain types.
     *
     * @throws IllegalArgumentException when the bytes are not one JSON document
     */
    Object decode(byte[] json);
}
