package dev.sluice.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for servers a test stops and starts again on the same port while Sluice keeps
 * dialling them (a private redis-server, a forwarder that "brings RabbitMQ up").
 *
 * <p>Such a port must lie below the kernel's ephemeral range. A client that dials 127.0.0.1:P while
 * nothing listens there may be handed P itself as its source port, and then connects to itself (TCP
 * simultaneous open): the port is taken, and the test's server fails with "Address already in use" when
 * it starts again. A port from {@code new ServerSocket(0)} is always in that range; CI met this once.
 */
final class QuietPorts {

    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private QuietPorts() {
    }

    /** A port that is free now and that the kernel does not hand out as a source port. */
    static int free() throws IOException {
        int below = ephemeralStart();
        int from = Math.max(1024, below - 12_000);
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(from, below);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port in " + from + ".." + (below - 1));
    }

    /**
     * The first port of the ephemeral range (Linux's default when it cannot be read). Read line by line:
     * on some kernels (seen on 6.18 in a VM) a read sized by the file's length, as Files.readString does
     * with a /proc file that reports size 0, returns only its first byte ("3").
     */
    private static int ephemeralStart() {
        try {
            int start = Integer.parseInt(Files.readAllLines(RANGE).get(0).trim().split("\\s+")[0]);
            return start > 2048 ? start : 32768;
        } catch (IOException | RuntimeException unreadable) {
            return 32768;
        }
    }
}
