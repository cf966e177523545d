package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.PubSubContractTest;
import io.switchboard.adapters.out.pubsub.ClusterPubSub;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.PubSub;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One Redis pub/sub instance behaves like any pub/sub to its local subscribers. */
class RedisPubSubContractTest extends PubSubContractTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Override
    protected PubSub newPubSub(FrameEncoder encoder) {
        return RedisAdapters.pubSub(REDIS.connection(), RedisServerFixture.newKeyPrefix(), encoder, Metrics.NONE, 100);
    }

    @Override
    protected void close(PubSub pubSub) {
        ((ClusterPubSub) pubSub).close();
    }
}
