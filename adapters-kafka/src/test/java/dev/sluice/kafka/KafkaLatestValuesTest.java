package dev.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.ports.contract.LatestValuesContract;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.LatestValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The latest-value table contract with Kafka Streams state stores on the shared embedded Kafka. */
class KafkaLatestValuesTest extends LatestValuesContract {

    private static KafkaBroker broker;
    private static KafkaSettings settings;
    private static Path stateDir;
    private static final String APP_PREFIX = "test-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private static LatestValues tables;

    @BeforeAll
    static void connect() throws Exception {
        settings = KafkaSettings.from(Map.of("bootstrap-servers", SharedKafka.get().bootstrapServers(),
                "replication-factor", "1"), null);
        broker = new KafkaBroker(settings, null);
        stateDir = Files.createTempDirectory("sluice-streams");
        tables = open();
    }

    private static LatestValues open() {
        return new KafkaLatestValues(settings, broker.topics(), stateDir, APP_PREFIX);
    }

    @AfterAll
    static void disconnect() {
        tables.close();
        broker.close();
    }

    @Override
    protected EventLog log() {
        return broker.eventLog();
    }

    @Override
    protected LatestValues tables() {
        return tables;
    }

    @Override
    protected LatestValues reopen() {
        tables.close();
        tables = open();
        return tables;
    }

    @Test
    void theTopicBehindATableIsCompacted() throws Exception {
        String topic = unique("compacted");
        tables().table(topic);
        try (Admin admin = Admin.create(settings.base())) {
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            String policy = admin.describeConfigs(java.util.List.of(r)).all().get().get(r).get("cleanup.policy").value();
            assertEquals("compact", policy);
        }
    }

    /** A closed table leaves its group, so that the next start does not wait for the member's session to end. */
    @Test
    void aClosedTableLeavesItsGroup() throws Exception {
        String topic = unique("leaves");
        tables().table(topic);
        String group = APP_PREFIX + "sluice-table-" + topic;
        try (Admin admin = Admin.create(settings.base())) {
            assertEquals(1, members(admin, group), "the running table is a member of its group");
            reopen();
            assertEquals(0, members(admin, group), "members of " + group + " right after the table closed");
        }
    }

    private static int members(Admin admin, String group) throws Exception {
        return admin.describeConsumerGroups(java.util.List.of(group)).all().get().get(group).members().size();
    }
}
