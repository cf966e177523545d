package io.switchboard.application.port.in.realtime;

import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.StreamPosition;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.user.Caller;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Recovery on subscribe (docs/history-and-recovery.md): what a client that subscribed with {@code since} missed.
 * Call it after the subscription is in place and while its live deliveries are held back, then send the replay and
 * the held deliveries that come after it (by offset): no gap and no duplicate across the hand-over.
 */
public interface RecoverTopicUseCase {
    /** @throws io.switchboard.domain.failure.ValidationFailed code 2 for a since that does not fit the pattern */
    Recovery recover(Caller caller, TopicPattern pattern, Since since);

    /** Where the client is: an exact topic's position, or a pattern's timestamp plus known positions. */
    sealed interface Since permits Since.Exact, Since.Pattern {
        record Exact(long offset, String epoch) implements Since {
            public Exact {
                Objects.requireNonNull(epoch, "epoch");
            }
        }

        record Pattern(Instant timestamp, Map<Topic, StreamPosition> positions) implements Since {
            public Pattern {
                Objects.requireNonNull(timestamp, "timestamp");
                positions = Map.copyOf(positions);
            }
        }
    }

    /**
     * @param recovered    whether {@code publications} is everything missed (all or nothing: empty when false)
     * @param reason       why not: {@code epoch_changed}, {@code trimmed}, {@code too_many}, {@code no_history},
     *                     {@code evicted}; null when recovered
     * @param position     an exact topic's current position (null for a pattern)
     */
    record Recovery(boolean recovered, String reason, StreamPosition position, List<Publication> publications) {
        public Recovery {
            publications = List.copyOf(publications);
        }

        public static Recovery failed(String reason, StreamPosition position) {
            return new Recovery(false, reason, position, List.of());
        }
    }
}
