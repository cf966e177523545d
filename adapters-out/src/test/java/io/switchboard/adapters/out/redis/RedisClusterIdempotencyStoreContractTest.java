package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.IdempotencyStoreContractTest;
import io.switchboard.application.port.out.IdempotencyStore;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same contract as RedisIdempotencyStoreContractTest, on the shared Redis Cluster (3 masters, 3 replicas). */
class RedisClusterIdempotencyStoreContractTest extends IdempotencyStoreContractTest {
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    @Override
    protected IdempotencyStore newStore(Duration window) {
        return RedisAdapters.idempotencyStore(CLUSTER.connection(), RedisServerFixture.newKeyPrefix(), window);
    }
}
