package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.IdempotencyStoreContractTest;
import io.switchboard.application.port.out.IdempotencyStore;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

class RedisIdempotencyStoreContractTest extends IdempotencyStoreContractTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Override
    protected IdempotencyStore newStore(Duration window) {
        return RedisAdapters.idempotencyStore(REDIS.connection(), RedisServerFixture.newKeyPrefix(), window);
    }
}
