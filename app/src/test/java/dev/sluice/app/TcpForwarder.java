package dev.sluice.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A loopback port that forwards every connection to another port, opened when the test says: the way a
 * test makes the machine's real RabbitMQ "come up" at an address Sluice has been failing to reach, without
 * stopping the shared broker. Before {@link #open()} nothing listens there, so connections are refused.
 */
final class TcpForwarder implements AutoCloseable {

    final int port;
    /** Connections accepted so far: how a test proves that a client used one connection. */
    final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
    private final int target;
    private volatile ServerSocket server;

    TcpForwarder(int target) throws IOException {
        this.port = QuietPorts.free();
        this.target = target;
    }

    /** Starts listening on {@link #port} and forwarding to the target. */
    TcpForwarder open() throws IOException {
        ServerSocket s = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        server = s;
        Thread.ofVirtual().name("forwarder-" + port).start(() -> {
            while (!s.isClosed()) {
                try {
                    Socket in = s.accept();
                    accepted.incrementAndGet();
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                    Thread.ofVirtual().start(() -> pipe(in, out));
                    Thread.ofVirtual().start(() -> pipe(out, in));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return this;
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ended) {
            // either side closed
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }
}
