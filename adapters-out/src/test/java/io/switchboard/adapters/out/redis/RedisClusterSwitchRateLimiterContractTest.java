package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.SwitchRateLimiterContractTest;
import io.switchboard.application.port.out.SwitchRateLimiter;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same contract as RedisSwitchRateLimiterContractTest, on the shared Redis Cluster (3 masters, 3 replicas). */
class RedisClusterSwitchRateLimiterContractTest extends SwitchRateLimiterContractTest {
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    @Override
    protected SwitchRateLimiter newLimiter(int perSecond) {
        return RedisAdapters.switchRateLimiter(CLUSTER.connection(), RedisServerFixture.newKeyPrefix(), perSecond);
    }
}
