package dev.sluice.http.webhook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The address rule over the notations Java's resolver reads; literal addresses only, so no DNS is asked. */
class TargetRuleTest {

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1            | 127.0.0.1 is in 127.0.0.0/8 (loopback)",
            "2130706433           | 127.0.0.1 is in 127.0.0.0/8 (loopback)",
            "127.000.000.001      | 127.0.0.1 is in 127.0.0.0/8 (loopback)",
            "127.1.2.3            | 127.1.2.3 is in 127.0.0.0/8 (loopback)",
            "::1                  | 0:0:0:0:0:0:0:1 is in ::1/128 (loopback)",
            "[::1]                | 0:0:0:0:0:0:0:1 is in ::1/128 (loopback)",
            "[::ffff:127.0.0.1]   | 127.0.0.1 is in 127.0.0.0/8 (loopback)",
            "::ffff:7f00:1        | 127.0.0.1 is in 127.0.0.0/8 (loopback)",
            "::127.0.0.1          | 0:0:0:0:0:0:7f00:1 is the IPv4-compatible form of 127.0.0.1, in 127.0.0.0/8 (loopback)",
            "64:ff9b::a9fe:a9fe   | 64:ff9b:0:0:0:0:a9fe:a9fe is the NAT64 form of 169.254.169.254, in 169.254.0.0/16 (link-local, where cloud metadata services answer)",
            "169.254.169.254      | 169.254.169.254 is in 169.254.0.0/16 (link-local, where cloud metadata services answer)",
            "::ffff:169.254.169.254 | 169.254.169.254 is in 169.254.0.0/16 (link-local, where cloud metadata services answer)",
            "fe80::1              | fe80:0:0:0:0:0:0:1 is in fe80::/10 (link-local)",
            "fc00::1              | fc00:0:0:0:0:0:0:1 is in fc00::/7 (unique-local, private)",
            "fd12:3456::1         | fd12:3456:0:0:0:0:0:1 is in fc00::/7 (unique-local, private)",
            "fec0::1              | fec0:0:0:0:0:0:0:1 is in fec0::/10 (site-local)",
            "10.1.2.3             | 10.1.2.3 is in 10.0.0.0/8 (private)",
            "167772161            | 10.0.0.1 is in 10.0.0.0/8 (private)",
            "172.16.0.1           | 172.16.0.1 is in 172.16.0.0/12 (private)",
            "172.31.255.255       | 172.31.255.255 is in 172.16.0.0/12 (private)",
            "192.168.1.1          | 192.168.1.1 is in 192.168.0.0/16 (private)",
            "100.64.0.1           | 100.64.0.1 is in 100.64.0.0/10 (shared, carrier-grade NAT)",
            "100.127.255.254      | 100.127.255.254 is in 100.64.0.0/10 (shared, carrier-grade NAT)",
            "224.0.0.1            | 224.0.0.1 is in 224.0.0.0/4 (multicast)",
            "ff02::1              | ff02:0:0:0:0:0:0:1 is in ff00::/8 (multicast)",
            "0.0.0.0              | 0.0.0.0 is in 0.0.0.0/8 (unspecified, 'this network')",
            "0                    | 0.0.0.0 is in 0.0.0.0/8 (unspecified, 'this network')",
            "::                   | 0:0:0:0:0:0:0:0 is in ::/128 (unspecified)",
            "255.255.255.255      | 255.255.255.255 is in 240.0.0.0/4 (reserved, with the broadcast address)",
    })
    void refusesTheAddressesOfPrivateNetworksInEveryNotation(String host, String why) {
        assertEquals(why, TargetRule.STRICT.refusalOfLiteral(host.trim()));
    }

    @ParameterizedTest(name = "{0} is allowed")
    @CsvSource({"93.184.216.34", "1.1.1.1", "8.8.8.8", "100.63.255.255", "100.128.0.0", "172.15.255.255",
            "172.32.0.0", "2606:2800:220:1:248:1893:25c8:1946", "[2001:4860:4860::8888]", "::ffff:93.184.216.34",
            "0177.0.0.1"}) // Java reads 0177 as decimal 177, and connects there: a public address
    void allowsPublicAddresses(String host) {
        assertNull(TargetRule.STRICT.refusalOfLiteral(host));
    }

    @Test
    void aNameIsNoLiteralAndIsCheckedWhenItIsResolved() throws Exception {
        assertNull(TargetRule.STRICT.refusalOfLiteral("localhost"), "a name is judged by what it resolves to");
        TargetRule.RefusedTarget refused = assertThrows(TargetRule.RefusedTarget.class,
                () -> TargetRule.STRICT.resolve("localhost"));
        assertTrue(refused.getMessage().startsWith("localhost resolves to "), refused.getMessage());
        assertTrue(refused.getMessage().contains("(loopback)"), refused.getMessage());

        InetAddress[] loopback = TargetRule.allowing("127.0.0.0/8, ::1/128").resolve("localhost");
        assertArrayEquals(InetAddress.getAllByName("localhost"), loopback, "what is connected to is what was checked");
    }

    @Test
    void anAllowListLetsItsNetworksThroughAndNothingElse() throws Exception {
        TargetRule rule = TargetRule.allowing("127.0.0.0/8,::1/128");
        assertNull(rule.refusalOfLiteral("127.0.0.1"));
        assertNull(rule.refusalOfLiteral("2130706433"));
        assertNull(rule.refusalOfLiteral("[::1]"));
        assertNull(rule.refusalOfLiteral("::ffff:127.0.0.1"));
        assertNull(rule.refusalOfLiteral("::127.0.0.1"), "the IPv4 address it carries is allowed");
        assertNotNull(rule.refusalOfLiteral("10.0.0.1"));
        assertNotNull(rule.refusalOfLiteral("169.254.169.254"));
        assertArrayEquals(new InetAddress[] {InetAddress.ofLiteral("127.0.0.1")}, rule.resolve("127.0.0.1"));

        TargetRule host = TargetRule.allowing("10.1.2.3");
        assertNull(host.refusalOfLiteral("10.1.2.3"), "an address alone is a network of itself");
        assertNotNull(host.refusalOfLiteral("10.1.2.4"));
        TargetRule narrow = TargetRule.allowing("192.168.4.0/23");
        assertNull(narrow.refusalOfLiteral("192.168.5.255"));
        assertNotNull(narrow.refusalOfLiteral("192.168.6.0"));
        assertNull(TargetRule.OPEN.refusalOfLiteral("169.254.169.254"), "allow-private-network: true allows all");
    }

    @Test
    void aWrongNetworkIsRefusedByName() {
        assertEquals("'localhost/8' is not a network such as 10.0.0.0/8 or fd00::/8",
                assertThrows(IllegalArgumentException.class, () -> TargetRule.allowing("localhost/8")).getMessage());
        assertEquals("'10.0.0.0/33' has no valid prefix length (0 to 32)",
                assertThrows(IllegalArgumentException.class, () -> TargetRule.allowing("10.0.0.0/33")).getMessage());
        assertEquals("'::1/x' has no valid prefix length (0 to 128)",
                assertThrows(IllegalArgumentException.class, () -> TargetRule.allowing("::1/x")).getMessage());
    }
}
