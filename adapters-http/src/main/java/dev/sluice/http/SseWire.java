package dev.sluice.http;

/**
 * Where a connection's frames go once its response is being written: the HTTP response body. Called on
 * the connection's event loop only. What it takes it reports as consumed through
 * {@link SseConnection#consumed(long)}, on the same loop, once the socket can take more.
 */
interface SseWire {

    /** Hands these frames on as one piece (one write, one flush). */
    void write(byte[][] frames, long bytes);

    /** Ends the response cleanly: its last chunk is sent. */
    void complete();

    /** Breaks the response off: the connection is closed at once, whatever it had still to send. */
    void fail(Throwable error);
}
