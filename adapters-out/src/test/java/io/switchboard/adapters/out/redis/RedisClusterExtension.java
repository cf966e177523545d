package io.switchboard.adapters.out.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;

/**
 * The shared Redis Cluster ({@link RedisClusterFixture#shared()}) and one {@code redis-cluster://} connection to it
 * for a test class: {@code @RegisterExtension static final RedisClusterExtension CLUSTER = new RedisClusterExtension();}.
 * A cluster twin of a Redis contract test is the same abstract contract with this extension instead of
 * {@link RedisServerExtension} (e.g. {@code RedisClusterUserRepositoryContractTest}).
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {
    private final int waitReplicas;
    private RedisClusterFixture cluster;
    private RedisConnection connection;

    public RedisClusterExtension() {
        this(0);
    }

    /** @param waitReplicas REDIS_WAIT_REPLICAS for the connection */
    public RedisClusterExtension(int waitReplicas) {
        this.waitReplicas = waitReplicas;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = RedisClusterFixture.shared();
        connection = RedisAdapters.connect(cluster.url(), RedisConnection.DEFAULT_COMMAND_TIMEOUT, waitReplicas,
                Duration.ofSeconds(1));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (connection != null) {
            connection.close();
        }
    }

    public RedisConnection connection() {
        return connection;
    }

    public RedisClusterFixture cluster() {
        return cluster;
    }
}
