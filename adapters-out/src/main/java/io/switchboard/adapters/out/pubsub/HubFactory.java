package io.switchboard.adapters.out.pubsub;

import io.switchboard.application.history.HistorySettings;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.port.out.TopicHistory;

/** Builds the memory-mode hub with its history (the history classes stay package-private). */
public final class HubFactory {
    private HubFactory() {
    }

    public static Hub withHistory(FrameEncoder encoder, Metrics metrics, HistorySettings settings, Clock clock) {
        return new Hub(encoder, metrics, new MemoryHistory(settings, clock));
    }

    /** The history of a hub made by {@link #withHistory}. */
    public static TopicHistory historyOf(PubSub pubSub) {
        if (!(pubSub instanceof Hub hub) || hub.history() == null) {
            throw new IllegalArgumentException("not an in-memory pub/sub with history");
        }
        return hub.history();
    }
}
