package io.switchboard.adapters.out.pubsub;

import io.switchboard.application.history.HistorySettings;
import io.switchboard.application.port.out.TopicHistory;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.StreamPosition;
import io.switchboard.domain.topic.Topic;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory history stays bounded however many topics are published on (HISTORY_MAX_TOPICS, least recently
 * published evicted first), and an evicted topic honestly starts a new epoch.
 */
class MemoryHistoryBoundsTest {
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

    private static StreamPosition append(MemoryHistory history, String topic) {
        StreamPosition[] placed = new StreamPosition[1];
        history.append(new Publication(Topic.parse(topic), "e", Map.of(), AT), p -> placed[0] = p.position());
        return placed[0];
    }

    @Test
    void oneHundredThousandTopicsKeepAtMostTheBoundAndAnEvictedTopicStartsANewEpoch() {
        MemoryHistory history = new MemoryHistory(new HistorySettings(HistorySettings.parse("public.**"), 3,
                Duration.ofMinutes(10), 100, 1_000), () -> AT);
        StreamPosition first = append(history, "public.t.0");
        for (int i = 1; i < 100_000; i++) {
            append(history, "public.t." + i);
            append(history, "public.t." + i); // two entries each: entries stay bounded too
        }
        assertThat(history.topics()).isEqualTo(1_000);

        // the most recently published are still there, with their offsets
        TopicHistory.Window recent = history.read(Topic.parse("public.t.99999"), 0, 10);
        assertThat(recent.top()).isEqualTo(2);
        assertThat(recent.publications()).hasSize(2);

        // the first one was evicted: a new stream, a new epoch, offsets from 1 again
        StreamPosition again = append(history, "public.t.0");
        assertThat(again.offset()).isEqualTo(1);
        assertThat(again.epoch()).isNotEqualTo(first.epoch());
        assertThat(history.topics()).isEqualTo(1_000);
    }

    @Test
    void eachStreamKeepsAtMostSizeEntries() {
        MemoryHistory history = new MemoryHistory(new HistorySettings(HistorySettings.parse("public.**"), 3,
                Duration.ofMinutes(10), 100, 10), () -> AT);
        for (int i = 0; i < 1_000; i++) {
            append(history, "public.busy");
        }
        TopicHistory.Window window = history.read(Topic.parse("public.busy"), 0, 10_000);
        assertThat(window.top()).isEqualTo(1_000);
        assertThat(window.publications()).extracting(p -> p.position().offset()).containsExactly(998L, 999L, 1000L);
    }
}
