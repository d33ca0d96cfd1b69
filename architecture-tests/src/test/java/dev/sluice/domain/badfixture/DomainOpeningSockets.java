package dev.sluice.domain.badfixture;

import java.io.IOException;
import java.net.Socket;

/** Bad fixture: a domain rule that opens a connection of its own. */
public class DomainOpeningSockets {

    public boolean reachable(String host, int port) {
        try (Socket socket = new Socket(host, port)) {
            return socket.isConnected();
        } catch (IOException e) {
            return false;
        }
    }
}
