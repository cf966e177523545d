package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.InstanceRegistryContractTest;
import io.switchboard.application.port.out.InstanceRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RedisInstanceRegistryContractTest extends InstanceRegistryContractTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();
    private final String prefix = RedisServerFixture.newKeyPrefix();

    @Override
    protected InstanceRegistry newRegistry() {
        return RedisAdapters.instanceRegistry(REDIS.connection(), prefix);
    }

    /** The entries expire by Redis's own clock (PEXPIRE and the index's scores): awaitLive waits for it. */
    @Override
    protected void let(Duration by) {
    }

    @Test
    void every_key_carries_the_instances_hash_tag_and_an_expired_entry_leaves_no_key() throws Exception {
        RedisKeys keys = new RedisKeys(prefix);
        assertThat(keys.instance("x")).startsWith(prefix + "{instances}:");
        assertThat(keys.instanceIndex()).startsWith(prefix + "{instances}:");
        InstanceRegistry registry = newRegistry();
        registry.heartbeat(new InstanceRegistry.Entry("x", java.time.Instant.EPOCH, java.time.Instant.EPOCH, 0, 0, 0,
                false), Duration.ofMillis(200));
        Long ttl = REDIS.connection().call(r -> r.pttl(keys.instance("x")));
        assertThat(ttl).isBetween(1L, 200L);
        assertThat(awaitLive(registry)).isEmpty();
        Long left = REDIS.connection().call(r -> r.exists(keys.instance("x"), keys.instanceIndex()));
        assertThat(left).isZero();
    }
}
