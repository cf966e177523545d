package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.HistoryContractTest;
import io.switchboard.application.history.HistorySettings;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.testing.TestClock;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisHistoryContractTest extends HistoryContractTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Override
    protected Pair newPair(FrameEncoder encoder, HistorySettings settings, TestClock clock) {
        RedisAdapters.PubSubWithHistory made = RedisAdapters.pubSubWithHistory(REDIS.connection(),
                RedisServerFixture.newKeyPrefix(), encoder, Metrics.NONE, 100, 0, 0, settings, clock);
        return new Pair(made.pubSub(), made.history(), made.pubSub());
    }
}
