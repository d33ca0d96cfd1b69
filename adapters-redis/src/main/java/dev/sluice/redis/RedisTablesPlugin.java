package dev.sluice.redis;

import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.LatestValues;
import dev.sluice.ports.spi.TablesPlugin;
import java.util.Map;
import java.util.Set;

/**
 * Tables {@code redis}: Redis hashes at {@code uri} (default {@code redis://127.0.0.1:6379}), keys under
 * {@code key-prefix}, fed from the log whatever broker carries it.
 */
public final class RedisTablesPlugin implements TablesPlugin {

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Set<String> options() {
        return Set.of("uri", "key-prefix");
    }

    @Override
    public LatestValues open(EventLog log, Map<String, String> settings) {
        return RedisLatestValues.connect(log, settings.getOrDefault("uri", "redis://127.0.0.1:6379"),
                settings.getOrDefault("key-prefix", ""));
    }
}
