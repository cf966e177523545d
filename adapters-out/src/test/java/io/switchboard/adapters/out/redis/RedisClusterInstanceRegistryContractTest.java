package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.InstanceRegistryContractTest;
import io.switchboard.application.port.out.InstanceRegistry;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/** The same contract as RedisInstanceRegistryContractTest, on the shared Redis Cluster (3 masters, 3 replicas). */
class RedisClusterInstanceRegistryContractTest extends InstanceRegistryContractTest {
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    @Override
    protected InstanceRegistry newRegistry() {
        return RedisAdapters.instanceRegistry(CLUSTER.connection(), RedisServerFixture.newKeyPrefix());
    }

    /** The entries expire by Redis's own clock (PEXPIRE and the index's scores): awaitLive waits for it. */
    @Override
    protected void let(Duration by) {
    }
}
