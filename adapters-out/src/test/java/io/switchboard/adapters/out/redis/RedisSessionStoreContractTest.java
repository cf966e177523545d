package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.SessionStoreContractTest;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.SessionStore;

import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisSessionStoreContractTest extends SessionStoreContractTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Override
    protected SessionStore newStore(Clock clock, Duration ttl, Duration maxLifetime, int maxPerOwner) {
        return RedisAdapters.sessionStore(REDIS.connection(), RedisServerFixture.newKeyPrefix(), clock, ttl,
                maxLifetime, maxPerOwner);
    }
}
