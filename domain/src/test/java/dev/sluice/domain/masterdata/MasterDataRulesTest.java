package dev.sluice.domain.masterdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.ports.in.Violation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MasterDataRulesTest {

    private static List<String> pointers(List<Violation> v) {
        return v.stream().map(Violation::pointer).toList();
    }

    @Test
    void aCompleteItemComesOutInCanonicalFieldOrder() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("lastUpdated", "2024-01-15T10:30:00Z");
        in.put("price", new BigDecimal("29.99"));
        in.put("name", "Widget A");
        in.put("itemId", "12345");
        in.put("status", "active");
        in.put("category", "Electronics");
        in.put("description", "A widget");
        List<Violation> v = new ArrayList<>();
        Map<String, Object> out = MasterDataRules.canonical(in, "", v);
        assertTrue(v.isEmpty(), v.toString());
        assertEquals(MasterDataRules.FIELDS, List.copyOf(out.keySet()));
    }

    @Test
    void requiredFieldsMustBeNonBlankStrings() {
        List<Violation> v = new ArrayList<>();
        assertNull(MasterDataRules.canonical(Map.of("itemId", 5, "name", " "), "", v));
        assertEquals(List.of("/itemId", "/name"), pointers(v));
        assertEquals("must be a string", v.get(0).message());
        assertEquals("must not be blank", v.get(1).message());
    }

    @Test
    void priceMustBeANonNegativeNumberAndZeroIsFine() {
        List<Violation> v = new ArrayList<>();
        MasterDataRules.canonical(Map.of("itemId", "a", "name", "b", "price", -0.01), "", v);
        MasterDataRules.canonical(Map.of("itemId", "a", "name", "b", "price", "3"), "/1", v);
        assertEquals(List.of("/price", "/1/price"), pointers(v));
        List<Violation> none = new ArrayList<>();
        MasterDataRules.canonical(Map.of("itemId", "a", "name", "b", "price", 0), "", none);
        assertTrue(none.isEmpty());
    }

    @Test
    void lastUpdatedMustBeIso8601WithOffset() {
        List<Violation> v = new ArrayList<>();
        MasterDataRules.canonical(Map.of("itemId", "a", "name", "b", "lastUpdated", "2024-01-15 10:30"), "", v);
        MasterDataRules.canonical(Map.of("itemId", "a", "name", "b", "lastUpdated", "2024-01-15T10:30:00+02:00"), "", v);
        assertEquals(List.of("/lastUpdated"), pointers(v));
    }

    @Test
    void unknownFieldsAndNonObjectsAreReportedWithEscapedPointers() {
        List<Violation> v = new ArrayList<>();
        MasterDataRules.canonicalAll(List.of(Map.of("itemId", "a", "name", "b", "a/b", 1), "text"), true, v);
        assertEquals(List.of("/0/a~1b", "/1"), pointers(v));
    }
    private static Map<String, Object> item(String field, Object value) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("itemId", "a");
        in.put("name", "b");
        in.put(field, value);
        return in;
    }

    @ParameterizedTest(name = "U+{1} in {0}")
    @CsvSource({"itemId, 0000", "name, 0001", "name, 0008", "category, 000B", "description, 000C",
            "description, 000E", "status, 001F", "name, FFFE", "description, FFFF", "name, D800", "status, DFFF"})
    void textsMustBeXml10Characters(String field, String hex) {
        char bad = (char) Integer.parseInt(hex, 16);
        List<Violation> v = new ArrayList<>();
        assertNull(MasterDataRules.canonical(item(field, "ok" + bad + "ok"), "/3", v));
        assertEquals(List.of("/3/" + field), pointers(v));
        assertTrue(v.get(0).message().contains("U+" + hex), v.get(0).message());
        assertTrue(v.get(0).message().contains("XML 1.0"), v.get(0).message());
    }

    @Test
    void aLoneSurrogateIsNamedEvenWhereAPairWouldFollowInTheWrongOrder() {
        List<Violation> v = new ArrayList<>();
        MasterDataRules.canonical(item("name", "x\uDE00\uD83D"), "", v);
        assertEquals(List.of("/name"), pointers(v));
        assertTrue(v.get(0).message().contains("U+DE00"), v.get(0).message());
    }

    @Test
    void tabLineFeedCarriageReturnAndCharactersBeyondTheBmpAreFine() {
        List<Violation> v = new ArrayList<>();
        Map<String, Object> out = MasterDataRules.canonical(
                item("description", "a\tb\nc\rd \uD83D\uDE00 \uFFFD \uE000"), "", v);
        assertTrue(v.isEmpty(), v.toString());
        assertEquals("a\tb\nc\rd \uD83D\uDE00 \uFFFD \uE000", out.get("description"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"29.90", "29.999999999999999999", "0.0000001", "100.000", "0",
            "123456789012345678.123456789012345678", "999999999999999999.999999999999999999"})
    void aPriceKeepsExactlyItsDigits(String sent) {
        List<Violation> v = new ArrayList<>();
        Map<String, Object> out = MasterDataRules.canonical(item("price", new BigDecimal(sent)), "", v);
        assertTrue(v.isEmpty(), v.toString());
        assertEquals(sent, ((BigDecimal) out.get("price")).toPlainString());
        assertEquals(new BigDecimal(sent).scale(), ((BigDecimal) out.get("price")).scale(), "trailing zeros kept");
    }

    @Test
    void aPriceWithAnExponentIsCarriedInPlainDigits() {
        List<Violation> v = new ArrayList<>();
        Map<String, Object> out = MasterDataRules.canonical(item("price", new BigDecimal("1.5E+2")), "", v);
        assertTrue(v.isEmpty(), v.toString());
        assertEquals("150", out.get("price").toString(), "no negative scale, so no exponent in any output");
    }

    @Test
    void wholeNumberPricesOfAnyJavaTypeAreCarried() {
        List<Violation> v = new ArrayList<>();
        assertEquals("42", MasterDataRules.canonical(item("price", 42), "", v).get("price").toString());
        assertEquals("123456789012345678", MasterDataRules.canonical(
                item("price", new java.math.BigInteger("123456789012345678")), "", v).get("price").toString());
        assertTrue(v.isEmpty(), v.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567890123456789", "0.1234567890123456789", "1E+18", "1E+400", "1E-400",
            "1.000000000000000000000"})
    void aPriceBeyondEighteenDigitsEitherSideOfThePointIsRejected(String sent) {
        List<Violation> v = new ArrayList<>();
        assertNull(MasterDataRules.canonical(item("price", new BigDecimal(sent)), "", v));
        assertEquals(List.of("/price"), pointers(v));
        assertTrue(v.get(0).message().contains("18 digits before the decimal point"), v.get(0).message());
    }

    @Test
    void aThousandDigitPriceIsRejected() {
        List<Violation> v = new ArrayList<>();
        MasterDataRules.canonical(item("price", new java.math.BigInteger("9".repeat(1000))), "", v);
        assertEquals(List.of("/price"), pointers(v));
    }

    @Test
    void anInfinitePriceIsRejected() {
        List<Violation> v = new ArrayList<>();
        MasterDataRules.canonical(item("price", Double.POSITIVE_INFINITY), "", v);
        assertEquals(List.of("/price"), pointers(v));
        assertEquals("must be a finite number", v.get(0).message());
    }
}
