package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.UserRepositoryContractTest;
import io.switchboard.application.port.out.UserRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class RedisUserRepositoryContractTest extends UserRepositoryContractTest {
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
    protected UserRepository newRepository() {
        return RedisAdapters.userRepository(connection, RedisServerFixture.newKeyPrefix());
    }
}
