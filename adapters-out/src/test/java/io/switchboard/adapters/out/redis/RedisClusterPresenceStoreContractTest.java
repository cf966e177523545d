package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.PresenceStoreContractTest;
import io.switchboard.application.port.out.PresenceStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same contract as RedisPresenceStoreContractTest, on the shared Redis Cluster (3 masters, 3 replicas). */
class RedisClusterPresenceStoreContractTest extends PresenceStoreContractTest {
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    @Override
    protected PresenceStore newStore() {
        return RedisAdapters.presenceStore(CLUSTER.connection(), RedisServerFixture.newKeyPrefix());
    }
}
