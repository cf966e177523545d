package io.switchboard.application.history;

import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What keeps history and how much (docs/history-and-recovery.md): the topics matched by {@code topics}
 * (HISTORY_TOPICS) keep their last {@code size} publications (HISTORY_SIZE) for {@code ttl} (HISTORY_TTL_SECONDS);
 * one subscribe replays at most {@code replayMax} (HISTORY_REPLAY_MAX); the in-memory history keeps at most
 * {@code maxTopics} streams (HISTORY_MAX_TOPICS, the least recently published evicted first). 0 means no limit for
 * {@code replayMax} and {@code maxTopics}; {@code size} 0 or no patterns turn history off.
 */
public record HistorySettings(List<TopicPattern> topics, int size, Duration ttl, int replayMax, int maxTopics) {
    public static final String DEFAULT_TOPICS = "messages.**,public.**,user.*.**,channels.*";
    public static final int DEFAULT_SIZE = 100;
    public static final long DEFAULT_TTL_SECONDS = 600;
    public static final int DEFAULT_REPLAY_MAX = 1000;
    public static final int DEFAULT_MAX_TOPICS = 10_000;

    public HistorySettings {
        topics = List.copyOf(topics);
        Objects.requireNonNull(ttl, "ttl");
        if (size < 0 || replayMax < 0 || maxTopics < 0 || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("history bounds must be positive (0: no limit where allowed)");
        }
    }

    /** The contract's defaults. */
    public static HistorySettings defaults() {
        return new HistorySettings(parse(DEFAULT_TOPICS), DEFAULT_SIZE, Duration.ofSeconds(DEFAULT_TTL_SECONDS),
                DEFAULT_REPLAY_MAX, DEFAULT_MAX_TOPICS);
    }

    /** Comma-separated patterns (blank entries ignored). */
    public static List<TopicPattern> parse(String patterns) {
        return java.util.Arrays.stream(patterns.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(TopicPattern::parse).toList();
    }

    public boolean enabled() {
        return size > 0 && !topics.isEmpty();
    }

    /** Whether publications on {@code topic} get an offset and are kept. */
    public boolean keeps(Topic topic) {
        if (size == 0) {
            return false;
        }
        for (TopicPattern pattern : topics) {
            if (pattern.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every topic {@code pattern} can match keeps history (one history pattern covers it). */
    public boolean keepsAll(TopicPattern pattern) {
        if (size == 0) {
            return false;
        }
        for (TopicPattern candidate : topics) {
            if (candidate.covers(pattern)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some topic {@code pattern} can match keeps history (it overlaps a history pattern). */
    public boolean keepsAny(TopicPattern pattern) {
        if (size == 0) {
            return false;
        }
        for (TopicPattern candidate : topics) {
            if (overlap(candidate.segments(), 0, pattern.segments(), 0)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some topic matches both segment lists from these indexes on ({@code *}: one segment, {@code **}: any). */
    private static boolean overlap(List<String> a, int i, List<String> b, int j) {
        boolean aEnd = i == a.size();
        boolean bEnd = j == b.size();
        if (aEnd && bEnd) {
            return true;
        }
        if (!aEnd && "**".equals(a.get(i))) {
            return overlap(a, i + 1, b, j) || (!bEnd && overlap(a, i, b, j + 1));
        }
        if (!bEnd && "**".equals(b.get(j))) {
            return overlap(a, i, b, j + 1) || (!aEnd && overlap(a, i + 1, b, j));
        }
        if (aEnd || bEnd) {
            return false;
        }
        String x = a.get(i);
        String y = b.get(j);
        return ("*".equals(x) || "*".equals(y) || x.equals(y)) && overlap(a, i + 1, b, j + 1);
    }
}
