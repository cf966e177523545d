package io.switchboard.adapters.out.redis;

import io.lettuce.core.cluster.SlotHash;
import io.switchboard.application.port.out.UserRepository;
import io.switchboard.domain.failure.ServiceUnavailable;
import io.switchboard.domain.user.Email;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.User;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** REDIS_WAIT_REPLICAS on the shared cluster: an acknowledged write survives kill -9 of its master. */
class RedisClusterWaitReplicasTest {
    private static final Instant T0 = Instant.parse("2026-05-06T07:08:09.000Z");
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension(1);

    @Test
    void withOneReplicaToWaitFor_noAcknowledgedWriteIsLostWhenItsMasterIsKilled() {
        String prefix = RedisServerFixture.newKeyPrefix();
        UserRepository users = RedisAdapters.userRepository(CLUSTER.connection(), prefix);
        RedisKeys keys = new RedisKeys(prefix);
        int victim = CLUSTER.cluster().masters().get(0);
        List<User> onVictim = new ArrayList<>();
        for (int i = 0; onVictim.size() < 50; i++) {
            User user = user("wait" + i + "@example.com");
            users.insert(user); // acknowledged: the master and one replica have it
            if (CLUSTER.cluster().masterOf(SlotHash.getSlot(keys.user(user.id()))) == victim) {
                onVictim.add(user);
            }
        }

        CLUSTER.cluster().killMasterOf(SlotHash.getSlot(keys.user(onVictim.get(0).id())));

        for (User user : onVictim) {
            assertThat(eventually(() -> users.findById(user.id()))).as("user %s", user.email()).contains(user);
            assertThat(eventually(() -> users.findByEmail(user.email()))).contains(user);
        }
    }

    @Test
    void aWriteThatTooFewReplicasConfirm_isStoreUnavailable() {
        // every master here has one replica: waiting for two cannot succeed within the timeout
        try (RedisConnection two = RedisAdapters.connect(CLUSTER.cluster().url(),
                RedisConnection.DEFAULT_COMMAND_TIMEOUT, 2, Duration.ofMillis(200))) {
            UserRepository users = RedisAdapters.userRepository(two, RedisServerFixture.newKeyPrefix());

            assertThatThrownBy(() -> users.insert(user("unconfirmed@example.com")))
                    .isInstanceOf(ServiceUnavailable.class)
                    .hasMessageContaining("of 2 Redis replicas");
        }
    }

    /** Reads until the cluster serves the slot again (a failover takes seconds), with a deadline. */
    private static <T> T eventually(java.util.function.Supplier<T> read) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return read.get();
            } catch (ServiceUnavailable e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    private static User user(String email) {
        return new User(new UserId(UUID.randomUUID()), new Email(email), "Someone", "hash", Set.of(Role.USER), T0, T0);
    }
}
