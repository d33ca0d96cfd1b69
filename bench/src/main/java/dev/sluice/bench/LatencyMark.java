package dev.sluice.bench;

/**
 * Finds {@code @<digits>@} marks in a byte stream that arrives in arbitrary pieces (one instance per
 * connection; the state survives across reads), calling back with each number found.
 */
final class LatencyMark {

    interface Found {
        void mark(long nanos);
    }

    private boolean inside;
    private long value;
    private int digits;

    void scan(byte[] bytes, int offset, int length, Found found) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '@') {
                if (inside && digits > 0) {
                    found.mark(value);
                    inside = false;
                } else {
                    inside = true;
                }
                value = 0;
                digits = 0;
            } else if (inside && b >= '0' && b <= '9' && digits < 19) {
                value = value * 10 + (b - '0');
                digits++;
            } else {
                inside = false;
            }
        }
    }
}
