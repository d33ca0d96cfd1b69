package dev.sluice.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.ports.out.PayloadSchemas;
import dev.sluice.ports.out.PayloadSchemas.Mismatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topic schemas with networknt's validator: what a payload that breaks one is told (a pointer per problem,
 * the member itself for a missing or unexpected one), and which schemas are refused when they are loaded.
 */
class JsonSchemaPayloadsTest {

    private final PayloadSchemas schemas = new JsonSchemaPayloads();

    /** {@code schemas/order.json}: its {@code price} is a {@code $ref} to {@code money.json} next to it. */
    private final PayloadSchemas.Schema order = schemas.load("classpath:schemas/order.json");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> pointers(List<Mismatch> mismatches) {
        return mismatches.stream().map(Mismatch::pointer).toList();
    }

    @Test
    void aPayloadThatMatchesHasNoMismatch() {
        assertEquals(List.of(), order.check(utf8("""
                {"orderId":"o-1","price":29.90,"placed":"2026-01-01T10:00:00Z","lines":[{"sku":"b-1","qty":2}]}""")));
    }

    @Test
    void everyProblemIsNamedByItsPointerAndAMissingOrExtraMemberByItself() {
        List<Mismatch> found = order.check(utf8("""
                {"orderId":"","price":29.999,"placed":"yesterday","lines":[{"qty":0,"colour":"red"}]}"""));

        assertEquals(List.of("/orderId", "/price", "/placed", "/lines/0/qty", "/lines/0/sku", "/lines/0/colour"),
                pointers(found), found.toString());
        assertEquals("must be multiple of 0.01", found.get(1).message(), "the $ref'd money.json applies, exactly");
        assertTrue(found.get(2).message().contains("date-time"), "format is asserted: " + found.get(2));
        assertTrue(found.get(4).message().contains("'sku'"), found.get(4).message());
        assertEquals(List.of("/orderId", "/price"), pointers(order.check(utf8("{}"))));
        assertEquals(List.of(""), pointers(order.check(utf8("[1]"))), "the payload itself is the wrong type");
    }

    @Test
    void bytesThatAreNotOneJsonDocumentAreOneMismatchAtTheRoot() {
        for (String notJson : new String[] {"<order/>", "{\"orderId\":\"a\",\"orderId\":\"b\"}", "{} {}", ""}) {
            List<Mismatch> found = order.check(utf8(notJson));
            assertEquals(List.of(""), pointers(found), notJson);
            assertTrue(found.getFirst().message().startsWith("is not JSON"), found.toString());
        }
    }

    @Test
    void aFileSchemaResolvesItsRelativeRefsNextToIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("sku.json"), "{\"type\":\"string\",\"pattern\":\"^b-[0-9]+$\"}");
        Files.writeString(dir.resolve("line.json"), "{\"type\":\"object\",\"properties\":{\"sku\":{\"$ref\":\"sku.json\"}}}");

        PayloadSchemas.Schema line = schemas.load(dir.resolve("line.json").toString());

        assertEquals(List.of(), line.check(utf8("{\"sku\":\"b-12\"}")));
        assertEquals(List.of("/sku"), pointers(line.check(utf8("{\"sku\":\"book 12\"}"))));
    }

    @Test
    void aSchemaWithAMistakeIsRefusedNamingEachOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> schemas.load("classpath:schemas/broken.json"));

        assertTrue(e.getMessage().startsWith("not a valid JSON Schema (https://json-schema.org/draft/2020-12/schema)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("/properties/price/type"), e.getMessage());
        assertTrue(e.getMessage().contains("/required"), e.getMessage());
    }

    @Test
    void aSchemaThatCannotBeReadIsRefusedSayingWhy(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("half.json"), "{\"type\":");
        Files.writeString(dir.resolve("future.json"), "{\"$schema\":\"https://json-schema.org/draft/2042/schema\"}");
        Files.writeString(dir.resolve("remote.json"), "{\"$ref\":\"https://schemas.example.com/order.json\"}");

        assertEquals("there is no schemas/none.json on the classpath",
                assertThrows(IllegalArgumentException.class, () -> schemas.load("classpath:schemas/none.json")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> schemas.load(dir.resolve("none.json").toString()))
                .getMessage().startsWith("there is no file "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> schemas.load(dir.resolve("half.json").toString()))
                .getMessage().startsWith("not JSON: "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> schemas.load(dir.resolve("future.json").toString()))
                .getMessage().contains("is not a dialect this validator knows"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> schemas.load(dir.resolve("remote.json").toString()))
                .getMessage().startsWith("not a usable JSON Schema: "), "a $ref is never fetched over the network");
    }

    @Test
    void theAppFindsItAsTheOneServiceOfItsPort() {
        List<PayloadSchemas> found = ServiceLoader.load(PayloadSchemas.class).stream().map(ServiceLoader.Provider::get).toList();

        assertEquals(1, found.size(), found.toString());
        assertInstanceOf(JsonSchemaPayloads.class, found.getFirst());
    }
}
