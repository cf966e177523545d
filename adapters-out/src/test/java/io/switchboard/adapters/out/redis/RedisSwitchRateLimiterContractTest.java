package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.SwitchRateLimiterContractTest;
import io.switchboard.application.port.out.SwitchRateLimiter;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisSwitchRateLimiterContractTest extends SwitchRateLimiterContractTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Override
    protected SwitchRateLimiter newLimiter(int perSecond) {
        return RedisAdapters.switchRateLimiter(REDIS.connection(), RedisServerFixture.newKeyPrefix(), perSecond);
    }
}
