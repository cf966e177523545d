package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.SwitchRateLimiterContractTest;
import io.switchboard.application.port.out.SwitchRateLimiter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class RedisSwitchRateLimiterContractTest extends SwitchRateLimiterContractTest {
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
    protected SwitchRateLimiter newLimiter(int perSecond) {
        return RedisAdapters.switchRateLimiter(connection, RedisServerFixture.newKeyPrefix(), perSecond);
    }
}
