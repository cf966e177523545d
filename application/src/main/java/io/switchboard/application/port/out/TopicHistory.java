package io.switchboard.application.port.out;

import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.StreamPosition;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The history streams of the topics that keep history (docs/history-and-recovery.md), read side. Publications are
 * appended by the pub/sub itself, in the same step that assigns their offset and sends them (the in-memory hub under
 * the topic's lock; Redis in one Lua script), so this port only reads. No authorisation here: callers check first.
 */
public interface TopicHistory {
    /**
     * The publications of {@code topic} after {@code afterOffset}, oldest first, at most {@code limit}, with the
     * stream's epoch and top offset. A topic nothing is known of gets a stream now (a new epoch, offset 0), so that
     * a client can tell later whether it missed anything.
     */
    Window read(Topic topic, long afterOffset, int limit);

    /**
     * Pattern recovery: the publications on every topic that {@code pattern} matches, that keeps history and that
     * {@code readable} accepts, newer than {@code since} (after the position given in {@code positions} for the topics
     * listed there), in publication order, at most {@code limit}. {@link PatternWindow#complete} is true only when the
     * history proves that nothing else was published there in that window.
     */
    PatternWindow readPattern(TopicPattern pattern, Instant since, Map<Topic, StreamPosition> positions, int limit,
                              Predicate<Topic> readable);

    /**
     * @param epoch     the stream's epoch
     * @param top       the offset of its latest publication (0: none yet)
     * @param firstKept the offset of the oldest publication still kept ({@code top + 1} when none is)
     */
    record Window(String epoch, long top, long firstKept, List<Publication> publications) {
        public Window {
            Objects.requireNonNull(epoch, "epoch");
            publications = List.copyOf(publications);
        }

        public StreamPosition position() {
            return new StreamPosition(top, epoch);
        }

        /** Whether everything after {@code afterOffset} is still kept. */
        public boolean reachesBack(long afterOffset) {
            return afterOffset >= firstKept - 1;
        }
    }

    /**
     * @param complete whether the publications are provably all there were
     * @param reason   why not ({@code trimmed}, {@code epoch_changed}, {@code too_many}, ...), null when complete
     */
    record PatternWindow(boolean complete, String reason, List<Publication> publications) {
        public PatternWindow {
            publications = List.copyOf(publications);
        }
    }
}
