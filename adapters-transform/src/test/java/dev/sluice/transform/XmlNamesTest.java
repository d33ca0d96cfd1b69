package dev.sluice.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class XmlNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"item", "_x", "a1", "a-b.c", "café", "Ärger", "ζ"})
    void valid(String name) {
        assertTrue(XmlNames.isValid(name));
        assertEquals(name, XmlNames.sanitize(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1a", "-a", ".a", "a b", "a:b", "a<b", "😀", "\u2070"})
    void invalid(String name) {
        assertFalse(XmlNames.isValid(name));
        assertTrue(XmlNames.isValid(XmlNames.sanitize(name)), XmlNames.sanitize(name));
    }

    @ParameterizedTest
    @CsvSource({"1abc,_1abc", "a b,a_b", "a:b,a_b", "'',_", "' x',_x", "-x,_-x", "x😀y,x_y"})
    void sanitize(String key, String expected) {
        assertEquals(expected, XmlNames.sanitize(key));
    }
}
