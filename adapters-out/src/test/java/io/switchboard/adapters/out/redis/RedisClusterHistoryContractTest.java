package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.HistoryContractTest;
import io.switchboard.application.history.HistorySettings;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.testing.TestClock;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same contract as RedisHistoryContractTest, on the shared Redis Cluster (3 masters, 3 replicas): the sharded
 * broker stores and SPUBLISHes in one script per publication, and the reads run per topic partition.
 */
class RedisClusterHistoryContractTest extends HistoryContractTest {
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    @Override
    protected Pair newPair(FrameEncoder encoder, HistorySettings settings, TestClock clock) {
        RedisAdapters.PubSubWithHistory made = RedisAdapters.pubSubWithHistory(CLUSTER.connection(),
                RedisServerFixture.newKeyPrefix(), encoder, Metrics.NONE, 100, 0, 0, settings, clock);
        return new Pair(made.pubSub(), made.history(), made.pubSub());
    }
}
