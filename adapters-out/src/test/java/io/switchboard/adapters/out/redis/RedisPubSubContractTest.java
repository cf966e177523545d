package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.PubSubContractTest;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.PubSub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One Redis pub/sub instance behaves like any pub/sub to its local subscribers. */
class RedisPubSubContractTest extends PubSubContractTest {
    private static RedisServerFixture redis;
    private static RedisConnection connection;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerFixture.start();
        connection = RedisAdapters.connect(redis.url());
    }

    @AfterAll
    static void stopRedis() {
        RedisTesting.closeAll(connection, redis);
    }

    @Override
    protected PubSub newPubSub(FrameEncoder encoder) {
        return RedisAdapters.pubSub(connection, RedisServerFixture.newKeyPrefix(), encoder, Metrics.NONE, 100);
    }

    @Override
    protected void close(PubSub pubSub) {
        ((ClusterPubSub) pubSub).close();
    }
}
