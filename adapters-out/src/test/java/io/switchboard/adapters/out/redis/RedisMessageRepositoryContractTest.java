package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.MessageRepositoryContractTest;
import io.switchboard.application.port.out.MessageRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class RedisMessageRepositoryContractTest extends MessageRepositoryContractTest {
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
    protected MessageRepository newRepository() {
        return RedisAdapters.messageRepository(connection, RedisServerFixture.newKeyPrefix());
    }
}
