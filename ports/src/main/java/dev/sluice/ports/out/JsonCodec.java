package dev.sluice.ports.out;

/**
 * Writes JSON. The tree uses plain JDK types: {@code Map<String, ?>} (insertion order kept),
 * {@code List<?>}, {@code String}, {@code Number}, {@code Boolean} and {@code null}. Thread-safe.
 */
public interface JsonCodec {
    byte[] encode(Object tree);
}
