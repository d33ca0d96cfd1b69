package dev.sluice.http.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which addresses a webhook may reach. A webhook's URL is given by whoever writes a route (over the API too),
 * so without a rule it could make Sluice post to its own host, the private network it runs in or a cloud
 * metadata service (169.254.169.254). Refused are loopback, private (10/8, 172.16/12, 192.168/16), shared
 * (100.64/10, carrier-grade NAT), link-local (169.254/16, fe80::/10), unique-local (fc00::/7), site-local
 * (fec0::/10), multicast, reserved (240/4, the broadcast address) and unspecified (0/8, ::) addresses, and
 * the IPv6 forms that carry such an IPv4 address (IPv4-mapped {@code ::ffff:127.0.0.1}, which Java reads as
 * the IPv4 address itself; IPv4-compatible {@code ::127.0.0.1}; NAT64 {@code 64:ff9b::7f00:1}).
 *
 * <p>The rule judges addresses, never the text of a URL: a host is resolved by Java's resolver, the one the
 * connection then uses, and every address it gives is checked, so that each notation it accepts (decimal
 * {@code 2130706433}, {@code 127.000.000.001}, {@code [::ffff:7f00:1]}, a name whose DNS answer is private)
 * comes out as the address it means. A host with one refused address is refused as a whole. Allowed anyway
 * are the networks of an allow-list (the route's {@code allowed-networks} and the global
 * {@code sluice.webhooks.allowed-networks}), or everything with {@code allow-private-network: true}.
 * Immutable and thread-safe.
 */
final class TargetRule {

    /** A network in CIDR notation. */
    record Network(byte[] prefix, int bits, String text) {

        /**
         * {@code 10.0.0.0/8}, {@code ::1/128}, or an address alone (the whole length); the address must be a
         * literal, so that reading an allow-list never asks DNS.
         */
        static Network parse(String cidr) {
            String text = cidr.trim();
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            byte[] bytes;
            try {
                bytes = InetAddress.ofLiteral(address.startsWith("[") && address.endsWith("]")
                        ? address.substring(1, address.length() - 1) : address).getAddress();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not a network such as 10.0.0.0/8 or fd00::/8");
            }
            int bits;
            try {
                bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length (0 to "
                        + bytes.length * 8 + ")");
            }
            return new Network(bytes, bits, text);
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (a[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (a[whole] & mask) == (prefix[whole] & mask);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A network the rule refuses, and what it is. */
    private record Refused(Network network, String kind) {
        Refused(String cidr, String kind) {
            this(Network.parse(cidr), kind);
        }
    }

    private static final List<Refused> REFUSED = List.of(
            new Refused("0.0.0.0/8", "unspecified, 'this network'"),
            new Refused("10.0.0.0/8", "private"),
            new Refused("100.64.0.0/10", "shared, carrier-grade NAT"),
            new Refused("127.0.0.0/8", "loopback"),
            new Refused("169.254.0.0/16", "link-local, where cloud metadata services answer"),
            new Refused("172.16.0.0/12", "private"),
            new Refused("192.168.0.0/16", "private"),
            new Refused("224.0.0.0/4", "multicast"),
            new Refused("240.0.0.0/4", "reserved, with the broadcast address"),
            new Refused("::/128", "unspecified"),
            new Refused("::1/128", "loopback"),
            new Refused("fe80::/10", "link-local"),
            new Refused("fec0::/10", "site-local"),
            new Refused("fc00::/7", "unique-local, private"),
            new Refused("ff00::/8", "multicast"));

    /**
     * IPv6 prefixes whose last 32 bits are an IPv4 address the packet may end up at. IPv4-mapped addresses
     * ({@code ::ffff:0:0/96}) are not among them: Java makes each of them the IPv4 address itself.
     */
    private static final List<Refused> CARRYING_IPV4 = List.of(
            new Refused("::/96", "IPv4-compatible"),
            new Refused("64:ff9b::/96", "NAT64"));

    /** Refuses every network above; allows nothing more. */
    static final TargetRule STRICT = new TargetRule(List.of(), false);

    /** Allows every address: the route said {@code allow-private-network: true}. */
    static final TargetRule OPEN = new TargetRule(List.of(), true);

    /** Where a refusal says how to allow the target. */
    static final String HOW_TO_ALLOW = "allow it with the route's option 'allow-private-network: true' or"
            + " 'allowed-networks', or with sluice.webhooks.allowed-networks";

    private final List<Network> allowed;
    private final boolean open;

    private TargetRule(List<Network> allowed, boolean open) {
        this.allowed = List.copyOf(allowed);
        this.open = open;
    }

    /** The strict rule with the networks of {@code cidrs} (comma- or space-separated) allowed. */
    static TargetRule allowing(String cidrs) {
        return STRICT.andAllowing(cidrs);
    }

    /** This rule with the networks of {@code cidrs} (comma- or space-separated) allowed as well. */
    TargetRule andAllowing(String cidrs) {
        if (open || cidrs == null || cidrs.isBlank()) {
            return this;
        }
        List<Network> more = new ArrayList<>(allowed);
        for (String cidr : cidrs.trim().split("[,\\s]+")) {
            more.add(Network.parse(cidr));
        }
        return new TargetRule(more, false);
    }

    boolean open() {
        return open;
    }

    List<Network> allowed() {
        return allowed;
    }

    /** Why {@code address} is refused ({@code 127.0.0.1 is in 127.0.0.0/8, loopback}), or null when it is allowed. */
    String refusal(InetAddress address) {
        if (open) {
            return null;
        }
        InetAddress carried = carriedIpv4(address);
        for (Network network : allowed) {
            if (network.contains(address) || carried != null && network.contains(carried)) {
                return null;
            }
        }
        if (carried != null) {
            Refused inner = refused(carried);
            if (inner != null) {
                return address.getHostAddress() + " is the " + kindOf(address, CARRYING_IPV4) + " form of "
                        + carried.getHostAddress() + ", in " + inner.network() + " (" + inner.kind() + ")";
            }
        }
        Refused refused = refused(address);
        return refused == null ? null
                : address.getHostAddress() + " is in " + refused.network() + " (" + refused.kind() + ")";
    }

    private static Refused refused(InetAddress address) {
        for (Refused refused : REFUSED) {
            if (refused.network().contains(address)) {
                return refused;
            }
        }
        return null;
    }

    /**
     * Every address {@code host} resolves to, each checked: what a connection may use.
     *
     * @throws RefusedTarget       when one of them is refused
     * @throws UnknownHostException when the host does not resolve
     */
    InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        for (InetAddress address : addresses) {
            String refusal = refusal(address);
            if (refusal != null) {
                throw new RefusedTarget(isLiteral(host) ? refusal
                        : host + " resolves to an address webhooks may not reach: " + refusal);
            }
        }
        return addresses;
    }

    /**
     * Why a host that is an address literal in one of Java's notations is refused, or null: for a name
     * (checked on each attempt, when it is resolved) or an address that is allowed. Asks no DNS.
     */
    String refusalOfLiteral(String host) {
        InetAddress literal = literal(host);
        return literal == null ? null : refusal(literal);
    }

    /** The address {@code host} spells out (brackets allowed around IPv6), or null for a name. */
    static InetAddress literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return InetAddress.ofLiteral(h);
        } catch (IllegalArgumentException notALiteral) {
            return null;
        }
    }

    private static boolean isLiteral(String host) {
        return literal(host) != null;
    }

    /** The IPv4 address an IPv6 address carries in its last 32 bits, or null (see {@link #CARRYING_IPV4}). */
    private static InetAddress carriedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] a = address.getAddress();
        if (kindOf(address, CARRYING_IPV4) == null) {
            return null;
        }
        // :: and ::1 are IPv6's own unspecified and loopback addresses, not IPv4-compatible ones
        boolean compatible = CARRYING_IPV4.get(0).network().contains(address);
        if (compatible && (a[12] | a[13] | a[14]) == 0 && (a[15] == 0 || a[15] == 1)) {
            return null;
        }
        try {
            return Inet4Address.getByAddress(Arrays.copyOfRange(a, 12, 16));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    private static String kindOf(InetAddress address, List<Refused> list) {
        for (Refused r : list) {
            if (r.network().contains(address)) {
                return r.kind();
            }
        }
        return null;
    }

    /** A target the rule refuses: permanent for the event, so the attempt is not retried. */
    static final class RefusedTarget extends UnknownHostException {
        RefusedTarget(String reason) {
            super(reason);
        }
    }
}
