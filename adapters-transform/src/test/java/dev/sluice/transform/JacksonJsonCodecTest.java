package dev.sluice.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class JacksonJsonCodecTest {

    private final JacksonJsonCodec codec = new JacksonJsonCodec();

    private String encode(Object tree) {
        return new String(codec.encode(tree), StandardCharsets.UTF_8);
    }

    @Test
    void keepsInsertionOrderAndNumberText() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("zeta", "last letter first");
        tree.put("price", new BigDecimal("29.99"));
        tree.put("exact", new BigDecimal("10.50"));
        tree.put("double", 29.99d);
        tree.put("int", 7);
        tree.put("long", 12345678901234L);
        tree.put("big", new BigInteger("123456789012345678901234567890"));
        tree.put("flag", false);
        tree.put("nothing", null);
        tree.put("list", Arrays.asList(1, "two", null, List.of()));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("b", 1);
        nested.put("a", 2);
        tree.put("alpha", nested);

        assertEquals("{\"zeta\":\"last letter first\",\"price\":29.99,\"exact\":10.50,\"double\":29.99,"
                + "\"int\":7,\"long\":12345678901234,\"big\":123456789012345678901234567890,\"flag\":false,"
                + "\"nothing\":null,\"list\":[1,\"two\",null,[]],\"alpha\":{\"b\":1,\"a\":2}}", encode(tree));
    }

    @Test
    void writesDecimalsInPlainDigitsAsTheXmlStepDoes() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("tiny", new BigDecimal("0.0000001"));
        tree.put("scaled", new BigDecimal("1.5E+2"));
        tree.put("zeros", new BigDecimal("100.000"));
        assertEquals("{\"tiny\":0.0000001,\"scaled\":150,\"zeros\":100.000}", encode(tree));
    }

    @Test
    void writesUtf8AndEscapes() {
        byte[] bytes = codec.encode(Map.of("text", "é \"q\" \n 😀"));
        assertEquals("{\"text\":\"é \\\"q\\\" \\n 😀\"}", new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void scalarsAndNull() {
        assertEquals("null", encode(null));
        assertEquals("\"s\"", encode("s"));
        assertEquals("[]", encode(List.of()));
    }

    @Test
    void decimalsReadBackAndWrittenAgainKeepTheirDigits() {
        String json = "{\"amount\":120.50,\"exact\":29.999999999999999999,\"n\":7}";
        assertEquals(json, new String(codec.encode(codec.decode(json.getBytes(StandardCharsets.UTF_8))),
                StandardCharsets.UTF_8));
    }

    @Test
    void nullMapKeyIsRejected() {
        Map<String, Object> tree = new HashMap<>();
        tree.put(null, 1);
        assertThrows(IllegalArgumentException.class, () -> codec.encode(tree));
    }

    @Test
    void sharedAcrossThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        Map<String, Object> tree = new LinkedHashMap<>();
                        tree.put("t", thread);
                        tree.put("i", i);
                        if (!encode(tree).equals("{\"t\":" + thread + ",\"i\":" + i + "}")) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertEquals(true, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
