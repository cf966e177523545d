package io.switchboard.bench;

/**
 * The stamp every published message carries in its content: {@code #<seq>#<intendedSendNanos>#} then padding up to
 * the payload size. Receivers find it with one indexOf on the frame text instead of parsing the JSON, so the load
 * generator stays cheap per delivery. System.nanoTime is comparable across processes on one Linux machine
 * (CLOCK_MONOTONIC), which is all this needs.
 */
final class Marker {
    static final String KEY = "\"content\":\"#";

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
    static boolean read(String frame, long[] out) {
        int at = frame.indexOf(KEY);
        if (at < 0) {
            return false;
        }
        int i = at + KEY.length();
        long[] pos = {i};
        out[0] = number(frame, pos);
        out[1] = number(frame, pos);
        return true;
    }

    /** Parses a (maybe negative) decimal at pos[0], terminated by '#'; leaves pos[0] after the '#'. */
    private static long number(String s, long[] pos) {
        int i = (int) pos[0];
        boolean negative = s.charAt(i) == '-';
        if (negative) {
            i++;
        }
        long v = 0;
        char c;
        while ((c = s.charAt(i++)) != '#') {
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("bad marker in " + s);
            }
            v = v * 10 + (c - '0');
        }
        pos[0] = i;
        return negative ? -v : v;
    }
}
