package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.engine.masterdata.MasterDataIngestion;
import dev.sluice.http.JsonBodies;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.in.IngestMasterData;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.Violation;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;
import dev.sluice.ports.spi.Processor;
import dev.sluice.transform.JacksonJsonCodec;
import dev.sluice.transform.XmlPlugin;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Fuzzes what an ingest request's body goes through, the code the app wires for
 * {@code POST /api/master-data/items}: {@link JsonBodies#parse} (strict UTF-8 and JSON), then
 * {@link MasterDataIngestion} with the domain's rules, onto an in-memory log. For any bytes the body is
 * either taken, every item on the log as canonical JSON, or refused with {@link InvalidInputException}
 * (400 problem+json) naming each problem by a JSON pointer; anything else thrown is a finding. And what
 * is taken can always go on as XML (the rules promise it: an item the {@code xml} step could not write
 * would be an event lost late), so each taken item is run through the real {@code xml} step and parsed.
 *
 * <p>Seeds are in {@code IngestBodyFuzzTestInputs}; in the suite it fuzzes for {@code fuzz.duration}
 * (25 s); see README "Fuzzing" for longer runs.
 */
class IngestBodyFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LastAppend LOG = new LastAppend();
    private static final MasterDataIngestion INGEST = new MasterDataIngestion(LOG, new JacksonJsonCodec(),
            Clock.systemUTC(), "master-data-items", IngestProperties.DEFAULT_MAX_BATCH);
    private static final Processor XML = new XmlPlugin().create("item");

    @FuzzTest(maxDuration = "25s")
    @DictionaryEntries({"\"itemId\"", "\"name\"", "\"category\"", "\"price\"", "\"description\"", "\"status\"",
            "\"lastUpdated\"", "\"2024-01-15T10:30:00Z\"", "\"2024-01-15T10:30:00+02:00\"", "29.90", "1e400",
            "-0", "\\ud83d\\ude00", "\\ud800", "\\u0001", "\\ufffe", "[{", "}]", "\"\":", "null", "true"})
    void anyBodyIsTakenWholeOrRefusedAsInvalidInput(byte[] body) throws Exception {
        HttpRequest<byte[]> request = HttpRequest.POST("/api/master-data/items", body)
                .contentType(MediaType.APPLICATION_JSON_TYPE);
        LOG.last = List.of();
        List<?> items;
        IngestMasterData.Receipt receipt;
        try {
            Object parsed = JsonBodies.parse(request, body);
            boolean batch = parsed instanceof List<?>;
            items = batch ? (List<?>) parsed : Collections.singletonList(parsed);
            receipt = INGEST.ingest(new IngestMasterData.Command(items, batch)).toCompletableFuture().join();
        } catch (InvalidInputException e) {
            assertNamesEachProblem(e);
            assertTrue(LOG.last.isEmpty(), "nothing written");
            return;
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof InvalidInputException refused)) {
                throw e;
            }
            assertNamesEachProblem(refused);
            assertTrue(LOG.last.isEmpty(), "nothing written");
            return;
        }
        assertEquals(items.size(), receipt.items().size());
        assertEquals(items.size(), LOG.last.size(), "every item, in one append");
        for (int i = 0; i < LOG.last.size(); i++) {
            EventEnvelope event = LOG.last.get(i);
            JsonNode item = JSON.readTree(event.payload());
            assertTrue(item.isObject(), "an item is an object");
            assertEquals(item.get("itemId").asText(), event.key(), "keyed by itemId");
            assertEquals(receipt.items().get(i).itemId(), event.key());
            assertFalse(item.get("name").asText().isBlank());
            EventEnvelope xml = XML.apply(event); // a ProcessingException here is a finding
            wellFormed(xml.payload());
        }
    }

    private static void assertNamesEachProblem(InvalidInputException e) {
        assertNotNull(e.getMessage());
        assertFalse(e.violations().isEmpty(), "a refusal names its problems");
        for (Violation v : e.violations()) {
            assertTrue(v.pointer().startsWith("/"), "a JSON pointer: " + v.pointer());
            assertFalse(v.message().isBlank());
        }
    }

    /** Parsed as a careful receiver does: no DTD, no external entities, an error is an error. */
    private static void wellFormed(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setNamespaceAware(true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new DefaultHandler() {
            @Override
            public void error(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXParseException {
                throw e;
            }
        });
        assertEquals("item", builder.parse(new ByteArrayInputStream(xml)).getDocumentElement().getTagName());
    }

    /** The log: keeps the last append only (a fuzz run makes hundreds of thousands) and acknowledges it. */
    private static final class LastAppend implements EventLog {

        volatile List<EventEnvelope> last = List.of();

        @Override
        public CompletionStage<List<Position>> append(String topic, List<EventEnvelope> events) {
            last = List.copyOf(events);
            List<Position> positions = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                positions.add(new Position("0:" + i));
            }
            return CompletableFuture.completedFuture(positions);
        }

        @Override
        public Subscription tail(String topic, StartAt start, TailListener listener) {
            throw new UnsupportedOperationException("this fake only appends");
        }

        @Override
        public Subscription consume(String topic, String group, GroupHandler handler) {
            throw new UnsupportedOperationException("this fake only appends");
        }
    }
}
