package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.ChannelRepositoryContractTest;
import io.switchboard.application.port.out.ChannelRepository;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same contract as RedisChannelRepositoryContractTest, on the shared Redis Cluster (3 masters, 3 replicas). */
class RedisClusterChannelRepositoryContractTest extends ChannelRepositoryContractTest {
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    @Override
    protected ChannelRepository newRepository() {
        return RedisAdapters.channelRepository(CLUSTER.connection(), RedisServerFixture.newKeyPrefix());
    }
}
