package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.SessionStoreContractTest;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.SessionStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

class RedisSessionStoreContractTest extends SessionStoreContractTest {
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
    protected SessionStore newStore(Clock clock, Duration ttl) {
        return RedisAdapters.sessionStore(connection, RedisServerFixture.newKeyPrefix(), clock, ttl);
    }
}
