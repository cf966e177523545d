package io.switchboard.adapters.out.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private redis-server and one connection to it for a test class:
 * {@code @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();}
 */
final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {
    private RedisServerFixture redis;
    private RedisConnection connection;

    @Override
    public void beforeAll(ExtensionContext context) {
        redis = RedisServerFixture.start();
        connection = RedisAdapters.connect(redis.url());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        RedisTesting.closeAll(connection, redis);
    }

    RedisConnection connection() {
        return connection;
    }

    RedisServerFixture server() {
        return redis;
    }
}
