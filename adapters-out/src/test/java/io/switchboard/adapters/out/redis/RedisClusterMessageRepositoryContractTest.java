package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.MessageRepositoryContractTest;
import io.switchboard.application.port.out.MessageRepository;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same contract as RedisMessageRepositoryContractTest, on the shared Redis Cluster (3 masters, 3 replicas). */
class RedisClusterMessageRepositoryContractTest extends MessageRepositoryContractTest {
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    @Override
    protected MessageRepository newRepository() {
        return RedisAdapters.messageRepository(CLUSTER.connection(), RedisServerFixture.newKeyPrefix());
    }
}
