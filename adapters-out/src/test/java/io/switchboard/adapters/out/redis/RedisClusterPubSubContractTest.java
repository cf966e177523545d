package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.PubSubContractTest;
import io.switchboard.adapters.out.pubsub.ClusterPubSub;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.PubSub;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same contract as RedisPubSubContractTest, on the shared Redis Cluster (sharded pub/sub). */
class RedisClusterPubSubContractTest extends PubSubContractTest {
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    @Override
    protected PubSub newPubSub(FrameEncoder encoder) {
        return RedisAdapters.pubSub(CLUSTER.connection(), RedisServerFixture.newKeyPrefix(), encoder, Metrics.NONE,
                100);
    }

    @Override
    protected void close(PubSub pubSub) {
        ((ClusterPubSub) pubSub).close();
    }
}
