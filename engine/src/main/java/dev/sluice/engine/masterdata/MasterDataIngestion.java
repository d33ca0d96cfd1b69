package dev.sluice.engine.masterdata;

import dev.sluice.domain.masterdata.MasterDataRules;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.in.IngestMasterData;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.Violation;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.JsonCodec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Validates master data items and appends them, keyed by itemId, as {@value #EVENT_TYPE} events.
 * A batch is validated whole before anything is written, then appended in one call.
 */
public final class MasterDataIngestion implements IngestMasterData {

    public static final String EVENT_TYPE = "master_data_item_published";
    public static final String SOURCE = "/sluice/master-data";

    private final EventLog log;
    private final JsonCodec json;
    private final Clock clock;
    private final String topic;
    private final int maxBatch;

    public MasterDataIngestion(EventLog log, JsonCodec json, Clock clock, String topic, int maxBatch) {
        this.log = Objects.requireNonNull(log);
        this.json = Objects.requireNonNull(json);
        this.clock = Objects.requireNonNull(clock);
        this.topic = Objects.requireNonNull(topic);
        this.maxBatch = maxBatch;
    }

    @Override
    public CompletionStage<Receipt> ingest(Command command) {
        List<Violation> violations = new ArrayList<>();
        if (command.items().isEmpty()) {
            violations.add(new Violation("/", "must contain at least one item"));
        } else if (command.items().size() > maxBatch) {
            violations.add(new Violation("/", "must contain at most " + maxBatch + " items"));
        }
        List<Map<String, Object>> items = violations.isEmpty()
                ? MasterDataRules.canonicalAll(command.items(), command.batch(), violations)
                : List.of();
        if (!violations.isEmpty()) {
            return CompletableFuture.failedFuture(new InvalidInputException(
                    violations.size() == 1 ? "1 field is invalid" : violations.size() + " fields are invalid",
                    violations));
        }
        List<EventEnvelope> events = new ArrayList<>(items.size());
        for (Map<String, Object> item : items) {
            String itemId = (String) item.get("itemId");
            events.add(new EventEnvelope(UUID.randomUUID().toString(), SOURCE, EVENT_TYPE, itemId,
                    clock.instant(), "application/json", itemId, Map.of(), json.encode(item)));
        }
        return log.append(topic, events).thenApply(positions -> receipt(events, positions));
    }

    private Receipt receipt(List<EventEnvelope> events, List<Position> positions) {
        List<Accepted> accepted = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            EventEnvelope e = events.get(i);
            accepted.add(new Accepted(e.key(), e.id(), positions.get(i).value()));
        }
        return new Receipt(topic, accepted);
    }
}
