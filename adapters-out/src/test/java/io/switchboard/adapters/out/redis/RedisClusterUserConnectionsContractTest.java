package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.UserConnectionsContractTest;
import io.switchboard.application.port.out.UserConnections;
import org.junit.jupiter.api.AfterEach;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same contract as RedisUserConnectionsContractTest, on the shared Redis Cluster (3 masters, 3 replicas). */
class RedisClusterUserConnectionsContractTest extends UserConnectionsContractTest {
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    private final List<RedisUserConnections> opened = new ArrayList<>();

    @Override
    protected UserConnections newCounter(int maxPerUser) {
        RedisUserConnections counter = RedisAdapters.userConnections(CLUSTER.connection(),
                RedisServerFixture.newKeyPrefix(), maxPerUser, RedisAdapters.DEFAULT_USER_CONNECTION_TTL_MS);
        opened.add(counter);
        return counter;
    }

    @AfterEach
    void stopHeartbeats() {
        opened.forEach(RedisUserConnections::close);
    }
}
