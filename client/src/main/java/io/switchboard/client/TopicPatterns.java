package io.switchboard.client;

/** Does a subscription pattern ({@code *} one segment, {@code **} zero or more) match a concrete topic. */
final class TopicPatterns {
    private TopicPatterns() {
    }

    static boolean isPattern(String topic) {
        for (String segment : topic.split("\\.", -1)) {
            if (segment.equals("*") || segment.equals("**")) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String pattern, String topic) {
        return match(pattern.split("\\.", -1), 0, topic.split("\\.", -1), 0);
    }

    private static boolean match(String[] p, int i, String[] t, int j) {
        if (i == p.length) {
            return j == t.length;
        }
        if (p[i].equals("**")) {
            for (int k = j; k <= t.length; k++) {
                if (match(p, i + 1, t, k)) {
                    return true;
                }
            }
            return false;
        }
        if (j == t.length) {
            return false;
        }
        return (p[i].equals("*") || p[i].equals(t[j])) && match(p, i + 1, t, j + 1);
    }
}
