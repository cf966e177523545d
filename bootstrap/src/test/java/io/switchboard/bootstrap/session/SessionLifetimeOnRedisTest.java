package io.switchboard.bootstrap.session;

import io.switchboard.adapters.out.redis.RedisServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

class SessionLifetimeOnRedisTest extends SessionLifetimeTest {
    private static RedisServerFixture redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerFixture.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    Map<String, String> storeEnvironment() {
        return Map.of("REDIS_URL", redis.url(), "REDIS_KEY_PREFIX", RedisServerFixture.newKeyPrefix());
    }
}
