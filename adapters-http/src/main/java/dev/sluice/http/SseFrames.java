package dev.sluice.http;

import dev.sluice.ports.in.SubscribeToChannel.ChannelEvent;
import java.nio.charset.StandardCharsets;

/**
 * Server-Sent Events as bytes on the wire. An event is encoded once, however many connections get it:
 * the channel's shared reader hands the same {@link ChannelEvent} to every subscriber one after the
 * other on its thread, so the last encoding of each reader thread is kept and handed to the next
 * subscriber as it is. The frames are immutable and shared by every connection that writes them.
 */
final class SseFrames {

    /** The last event encoded on this thread and its frame. */
    private record Encoded(ChannelEvent event, byte[] frame) {}

    private static final ThreadLocal<Encoded> LAST = new ThreadLocal<>();

    static final byte[] HEARTBEAT = comment("heartbeat");

    private SseFrames() {}

    /**
     * {@code id:} the cursor, {@code event:} the type, one {@code data:} line with the payload's line
     * breaks folded to spaces (payloads are JSON or XML), then the blank line that ends the event.
     */
    static byte[] event(ChannelEvent e) {
        Encoded last = LAST.get();
        if (last != null && last.event == e) {
            return last.frame;
        }
        StringBuilder s = new StringBuilder(e.data().length() + 64);
        if (e.id() != null) {
            s.append("id: ").append(oneLine(e.id())).append('\n');
        }
        if (e.type() != null) {
            s.append("event: ").append(oneLine(e.type())).append('\n');
        }
        s.append("data: ").append(oneLine(e.data())).append("\n\n");
        byte[] frame = s.toString().getBytes(StandardCharsets.UTF_8);
        LAST.set(new Encoded(e, frame));
        return frame;
    }

    /** A comment line ({@code : text}) and the blank line after it. */
    static byte[] comment(String text) {
        return (": " + oneLine(text) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** SSE fields may not contain line breaks unless split; fold them into spaces (CRLF into one). */
    static String oneLine(String text) {
        return text.indexOf('\n') < 0 && text.indexOf('\r') < 0 ? text
                : text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }
}
