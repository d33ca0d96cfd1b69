package dev.sluice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyMarkTest {

    @Test
    void findsMarksSplitAcrossReads() {
        byte[] stream = ("id: 0:1\ndata: {\"description\":\"benchmark item " + Items.mark(123456789) + " x\"}\n\n"
                + "7f\r\ndata: {\"description\":\"" + Items.mark(42) + "\"}\n\n").getBytes(StandardCharsets.US_ASCII);
        for (int split = 1; split < stream.length; split++) {
            LatencyMark scanner = new LatencyMark();
            List<Long> found = new ArrayList<>();
            scanner.scan(stream, 0, split, found::add);
            scanner.scan(stream, split, stream.length - split, found::add);
            assertEquals(List.of(123456789L, 42L), found, "split at " + split);
        }
    }

    @Test
    void ignoresAtSignsThatAreNoMark() {
        LatencyMark scanner = new LatencyMark();
        List<Long> found = new ArrayList<>();
        byte[] bytes = "mail@example.com @12x@ @@ @7@".getBytes(StandardCharsets.US_ASCII);
        scanner.scan(bytes, 0, bytes.length, found::add);
        assertEquals(List.of(7L), found);
    }

    @Test
    void itemsAreAbout200BytesAndCarryTheirMark() {
        assertTrue(Items.RECORD_SIZE >= 180 && Items.RECORD_SIZE <= 230, "item size " + Items.RECORD_SIZE);
        LatencyMark scanner = new LatencyMark();
        List<Long> found = new ArrayList<>();
        byte[] item = Items.item(5, Items.mark(99)).getBytes(StandardCharsets.UTF_8);
        scanner.scan(item, 0, item.length, found::add);
        assertEquals(List.of(99L), found);
    }
}
