package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.RefreshTokenStoreContractTest;
import io.switchboard.application.port.out.RefreshTokenStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same contract as RedisRefreshTokenStoreContractTest, on the shared Redis Cluster (3 masters, 3 replicas). */
class RedisClusterRefreshTokenStoreContractTest extends RefreshTokenStoreContractTest {
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    @Override
    protected RefreshTokenStore newStore() {
        return RedisAdapters.refreshTokenStore(CLUSTER.connection(), RedisServerFixture.newKeyPrefix());
    }
}
