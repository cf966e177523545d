package io.switchboard.bench;

import java.nio.ByteBuffer;

/**
 * The stamp every published message carries in its content: {@code #<seq>#<intendedSendNanos>#} then padding up to
 * the payload size. Receivers find it with one scan of the frame's bytes instead of parsing the JSON, so the load
 * generator stays cheap per delivery. System.nanoTime is comparable across processes on one Linux machine
 * (CLOCK_MONOTONIC), which is all this needs.
 */
final class Marker {
    private static final byte[] KEY = Frames.ascii("\"content\":\"#");

    private Marker() {
    }

    /** The content string: the stamp padded with 'x' to {@code size} characters (ASCII, so size bytes). */
    static String content(long seq, long nanos, int size) {
        StringBuilder sb = new StringBuilder(Math.max(size, 48));
        sb.append('#').append(seq).append('#').append(nanos).append('#');
        while (sb.length() < size) {
            sb.append('x');
        }
        return sb.toString();
    }

    /**
     * Reads the stamp from a frame: {@code out[0]} = seq, {@code out[1]} = nanos. Returns false when the frame has
     * none.
     */
    static boolean read(ByteBuffer frame, long[] out) {
        int at = Frames.indexOf(frame, KEY);
        if (at < 0) {
            return false;
        }
        int i = at + KEY.length;
        out[0] = Frames.number(frame, i);
        while (frame.get(i) != '#') {
            i++;
        }
        out[1] = Frames.number(frame, i + 1);
        return true;
    }
}
