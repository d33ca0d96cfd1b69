package dev.sluice.engine.masterdata;

import dev.sluice.engine.AppendOnlyLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.in.IngestMasterData;
import dev.sluice.ports.in.InvalidInputException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class MasterDataIngestionTest {

    private final AppendOnlyLog log = new AppendOnlyLog();
    private final MasterDataIngestion ingestion = new MasterDataIngestion(log,
            new dev.sluice.engine.ToStringJson(),
            Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC), "items", 3);

    @Test
    void validItemsAreAppendedKeyedByItemIdAsCloudEvents() {
        IngestMasterData.Receipt receipt = ingestion.ingest(new IngestMasterData.Command(
                List.of(Map.of("itemId", "a", "name", "A"), Map.of("itemId", "b", "name", "B")), true))
                .toCompletableFuture().join();
        assertEquals(List.of("a", "b"), receipt.items().stream().map(IngestMasterData.Accepted::itemId).toList());
        assertEquals(List.of("0:0", "0:1"), receipt.items().stream().map(IngestMasterData.Accepted::position).toList());
        EventEnvelope first = log.appended.get(0);
        assertEquals("a", first.key());
        assertEquals("a", first.subject());
        assertEquals(MasterDataIngestion.EVENT_TYPE, first.type());
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), first.time());
        assertEquals(receipt.items().get(0).eventId(), first.id());
    }

    @Test
    void aBatchWithOneBadItemAppendsNothing() {
        CompletionException e = assertThrows(CompletionException.class, () -> ingestion.ingest(
                new IngestMasterData.Command(List.of(Map.of("itemId", "a", "name", "A"), Map.of("itemId", "b")), true))
                .toCompletableFuture().join());
        InvalidInputException invalid = assertInstanceOf(InvalidInputException.class, e.getCause());
        assertEquals("/1/name", invalid.violations().get(0).pointer());
        assertTrue(log.appended.isEmpty());
    }

    @Test
    void emptyAndOversizedBatchesAreRejected() {
        assertThrows(CompletionException.class, () -> ingestion.ingest(
                new IngestMasterData.Command(List.of(), true)).toCompletableFuture().join());
        List<Map<String, String>> four = List.of(Map.of("itemId", "1", "name", "n"), Map.of("itemId", "2", "name", "n"),
                Map.of("itemId", "3", "name", "n"), Map.of("itemId", "4", "name", "n"));
        assertThrows(CompletionException.class, () -> ingestion.ingest(
                new IngestMasterData.Command(four, true)).toCompletableFuture().join());
        assertTrue(log.appended.isEmpty());
    }
}
