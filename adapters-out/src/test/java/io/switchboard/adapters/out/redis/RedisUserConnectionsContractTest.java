package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.UserConnectionsContractTest;
import io.switchboard.application.port.out.UserConnections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class RedisUserConnectionsContractTest extends UserConnectionsContractTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();
    private final List<RedisUserConnections> opened = new ArrayList<>();
    private final String prefix = RedisServerFixture.newKeyPrefix();

    @Override
    protected UserConnections newCounter(int maxPerUser) {
        return instance(maxPerUser, RedisAdapters.DEFAULT_USER_CONNECTION_TTL_MS);
    }

    private RedisUserConnections instance(int maxPerUser, long ttlMs) {
        RedisUserConnections counter = RedisAdapters.userConnections(REDIS.connection(), prefix, maxPerUser, ttlMs);
        opened.add(counter);
        return counter;
    }

    @AfterEach
    void stopHeartbeats() {
        opened.forEach(RedisUserConnections::close);
    }

    @Test
    void twoInstancesShareOneCap() {
        RedisUserConnections a = instance(3, 60_000);
        RedisUserConnections b = instance(3, 60_000);

        assertThat(a.tryAdd(alice, "a1")).isTrue();
        assertThat(b.tryAdd(alice, "b1")).isTrue();
        assertThat(a.tryAdd(alice, "a2")).isTrue();
        assertThat(b.tryAdd(alice, "b2")).isFalse();

        a.remove(alice, "a1");
        assertThat(b.tryAdd(alice, "b2")).isTrue();
        assertThat(a.count(alice)).isEqualTo(3);
    }

    @Test
    void theHeartbeatKeepsLiveConnectionsCountingPastTheTtl() {
        RedisUserConnections live = instance(2, 300);
        live.tryAdd(alice, "a1");
        long until = System.nanoTime() + 1_000_000_000L;

        // For a second (more than three TTLs), the heartbeat keeps the connection counted.
        while (System.nanoTime() < until) {
            assertThat(live.count(alice)).isEqualTo(1);
            LockSupport.parkNanos(20_000_000L);
        }
    }

    @Test
    void aDeadInstancesConnectionsStopCountingAfterTheTtl() {
        RedisUserConnections dead = instance(1, 300);
        RedisUserConnections live = instance(1, 300);
        assertThat(dead.tryAdd(alice, "d1")).isTrue();
        assertThat(live.tryAdd(alice, "l1")).isFalse();

        dead.close(); // the instance dies: no heartbeat, and nobody removes its entry

        await(() -> live.tryAdd(alice, "l1"));
        assertThat(live.count(alice)).isEqualTo(1);
    }

    @Test
    void keysAreHashTaggedByUser() {
        UserConnections counter = newCounter(1);
        counter.tryAdd(alice, "c1");

        List<String> keys = REDIS.connection().call(r -> r.keys(prefix + "*"));
        assertThat(keys).containsExactly(prefix + "{u:" + alice + "}:ws");
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
            LockSupport.parkNanos(20_000_000L); // poll, like bootstrap's Await
        }
    }
}
