package io.switchboard.adapters.out.pubsub;

import io.switchboard.application.port.out.TopicHistory;
import io.switchboard.domain.topic.Topic;

import java.util.List;

/**
 * A history whose reads also name each publication's unique id ({@code <origin>/<sequence>}, the id
 * {@link Broker.Kept#id()} stored it under). The {@link HistorySequencer} repairs gaps from it and skips what this
 * instance already delivered locally while the publication waited in the outbox.
 */
public interface IdentifiedHistory extends TopicHistory {
    /** As {@link #read}, with {@code ids.get(i)} the id of {@code window.publications().get(i)}. */
    Identified readIdentified(Topic topic, long afterOffset, int limit);

    record Identified(Window window, List<String> ids) {
        public Identified {
            ids = List.copyOf(ids);
            if (ids.size() != window.publications().size()) {
                throw new IllegalArgumentException("one id per publication");
            }
        }
    }
}
