package io.switchboard.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reading received text frames as UTF-8 bytes, without decoding them into Strings: the load generator looks at a
 * prefix and a few ASCII markers only, and decoding every delivery was a quarter of its CPU time. Absolute reads; the
 * buffer's position is never moved.
 */
final class Frames {
    private Frames() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static boolean startsWith(ByteBuffer buf, byte[] prefix) {
        int p = buf.position();
        if (buf.remaining() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf.get(p + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The absolute index of the first occurrence of {@code needle}, or -1. */
    static int indexOf(ByteBuffer buf, byte[] needle) {
        int end = buf.limit() - needle.length;
        byte first = needle[0];
        outer:
        for (int i = buf.position(); i <= end; i++) {
            if (buf.get(i) != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (buf.get(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A (maybe negative) decimal at absolute index {@code i}; stops at the first non-digit. */
    static long number(ByteBuffer buf, int i) {
        boolean negative = buf.get(i) == '-';
        if (negative) {
            i++;
        }
        long v = 0;
        for (; i < buf.limit(); i++) {
            byte c = buf.get(i);
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    }

    static String text(ByteBuffer buf) {
        return StandardCharsets.UTF_8.decode(buf.duplicate()).toString();
    }

    static ByteBuffer of(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
