package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.SessionStoreContractTest;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.SessionStore;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same contract as RedisSessionStoreContractTest, on the shared Redis Cluster (3 masters, 3 replicas). */
class RedisClusterSessionStoreContractTest extends SessionStoreContractTest {
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    @Override
    protected SessionStore newStore(Clock clock, Duration ttl, Duration maxLifetime, int maxPerOwner) {
        return RedisAdapters.sessionStore(CLUSTER.connection(), RedisServerFixture.newKeyPrefix(), clock, ttl,
                maxLifetime, maxPerOwner);
    }
}
