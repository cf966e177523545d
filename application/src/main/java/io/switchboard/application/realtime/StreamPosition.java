package io.switchboard.application.realtime;

import java.util.Objects;

/**
 * A place in one topic's history stream (docs/history-and-recovery.md): {@code offset} counts the topic's
 * publications (1, 2, 3, ... without gaps) within one {@code epoch}, a string that changes whenever the stream was
 * lost (a restart of the in-memory server, a flushed or expired Redis stream, an evicted in-memory topic). Offset 0
 * is the position of a stream nothing was published on yet.
 */
public record StreamPosition(long offset, String epoch) {
    public StreamPosition {
        Objects.requireNonNull(epoch, "epoch");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        if (epoch.isEmpty() || epoch.indexOf(' ') >= 0 || epoch.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an epoch is one non-empty word");
        }
    }
}
