package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.UserRepositoryContractTest;
import io.switchboard.application.port.out.UserRepository;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same contract as RedisUserRepositoryContractTest, on the shared Redis Cluster (3 masters, 3 replicas). */
class RedisClusterUserRepositoryContractTest extends UserRepositoryContractTest {
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    @Override
    protected UserRepository newRepository() {
        return RedisAdapters.userRepository(CLUSTER.connection(), RedisServerFixture.newKeyPrefix());
    }
}
