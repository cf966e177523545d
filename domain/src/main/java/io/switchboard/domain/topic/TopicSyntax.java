package io.switchboard.domain.topic;

import io.switchboard.domain.failure.ValidationFailed;

import java.util.ArrayList;
import java.util.List;

/**
 * The grammar shared by {@link Topic} and {@link TopicPattern} (docs/websocket.md): 1..255 characters, segments
 * separated by '.', each segment 1..64 characters of [A-Za-z0-9_:-]; in a pattern a segment may also be exactly
 * `*` or `**`. Beyond the contract, at most {@link #MAX_SEGMENTS} segments (as written), which bounds what one
 * lookup of a wildcard pattern can cost (docs/decisions.md, "Hardening: topics"). Hand-written rather than a
 * regex: it runs once per publication and names the broken rule.
 */
final class TopicSyntax {
    static final int MAX_LENGTH = 255;
    static final int MAX_SEGMENT_LENGTH = 64;
    /** Real topics have a handful of segments; 255 characters alone would allow 128. */
    static final int MAX_SEGMENTS = 32;
    static final String ONE = "*";
    static final String ANY = "**";

    private TopicSyntax() {
    }

    /**
     * Splits and validates. Returns the segments; `*` and `**` segments are returned as the interned constants
     * {@link #ONE} and {@link #ANY}, so callers may compare them by identity.
     *
     * @throws ValidationFailed on {@code field} when the text breaks the grammar, or when it holds a wildcard and
     *                          {@code wildcardsAllowed} is false
     */
    static String[] split(String text, String field, boolean wildcardsAllowed) {
        if (text == null || text.isEmpty()) {
            throw ValidationFailed.of(field, "a topic must not be empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw ValidationFailed.of(field, "a topic must be at most " + MAX_LENGTH + " characters");
        }
        List<String> segments = new ArrayList<>(8);
        int start = 0;
        while (true) {
            int dot = text.indexOf('.', start);
            int end = dot < 0 ? text.length() : dot;
            if (segments.size() == MAX_SEGMENTS) {
                throw ValidationFailed.of(field, "a topic must have at most " + MAX_SEGMENTS + " segments");
            }
            segments.add(segment(text, start, end, field, wildcardsAllowed));
            if (dot < 0) {
                return segments.toArray(new String[0]);
            }
            start = dot + 1;
        }
    }

    private static String segment(String text, int start, int end, String field, boolean wildcardsAllowed) {
        int length = end - start;
        if (length == 0) {
            throw ValidationFailed.of(field, "a topic must not have an empty segment (leading, trailing or double '.')");
        }
        if (text.charAt(start) == '*' && (length == 1 || length == 2 && text.charAt(start + 1) == '*')) {
            if (!wildcardsAllowed) {
                throw ValidationFailed.of(field,
                        "cannot publish to a pattern: a topic to publish to must not contain '*' or '**' segments");
            }
            return length == 1 ? ONE : ANY;
        }
        if (length > MAX_SEGMENT_LENGTH) {
            throw ValidationFailed.of(field, "a topic segment must be at most " + MAX_SEGMENT_LENGTH + " characters");
        }
        for (int i = start; i < end; i++) {
            if (!isSegmentChar(text.charAt(i))) {
                throw ValidationFailed.of(field, wildcardsAllowed
                        ? "a topic segment may hold only [A-Za-z0-9_:-], or be exactly '*' or '**'"
                        : "a topic segment may hold only [A-Za-z0-9_:-]");
            }
        }
        return text.substring(start, end);
    }

    static boolean isSegmentChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == ':' || c == '-';
    }
}
