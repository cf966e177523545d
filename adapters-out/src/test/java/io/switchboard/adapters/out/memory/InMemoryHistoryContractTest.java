package io.switchboard.adapters.out.memory;

import io.switchboard.adapters.out.HistoryContractTest;
import io.switchboard.application.history.HistorySettings;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.testing.TestClock;

class InMemoryHistoryContractTest extends HistoryContractTest {
    @Override
    protected Pair newPair(FrameEncoder encoder, HistorySettings settings, TestClock clock) {
        PubSub pubSub = InMemoryPubSubAdapters.pubSub(encoder, Metrics.NONE, settings, clock);
        return new Pair(pubSub, InMemoryPubSubAdapters.history(pubSub), null);
    }
}
