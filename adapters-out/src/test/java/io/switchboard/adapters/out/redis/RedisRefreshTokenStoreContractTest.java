package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.RefreshTokenStoreContractTest;
import io.switchboard.application.port.out.RefreshTokenStore;
import io.switchboard.application.port.out.RefreshTokenStore.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RedisRefreshTokenStoreContractTest extends RefreshTokenStoreContractTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private String prefix;

    @Override
    protected RefreshTokenStore newStore() {
        prefix = RedisServerFixture.newKeyPrefix();
        return RedisAdapters.refreshTokenStore(REDIS.connection(), prefix);
    }

    @Test
    void aRotationResentAfterAReconnect_isAnsweredAsTheFirstRun_notAsReuse() {
        login(ada, "h1", 0);

        assertThat(store.rotate(ada, "h1", "h2", 0, NOW).outcome()).isEqualTo(Outcome.ROTATED);
        assertThat(store.rotate(ada, "h1", "h2", 0, NOW).outcome()).isEqualTo(Outcome.ROTATED);

        assertThat(store.rotate(ada, "h2", "h3", 0, NOW).outcome()).isEqualTo(Outcome.ROTATED);
        assertThat(store.rotate(ada, "h1", "other", 0, NOW).outcome()).isEqualTo(Outcome.REUSED);
    }

    @Test
    void everyKey_isHashTaggedByTheUser_andExpires() {
        login(ada, "h1", 0);
        store.rotate(ada, "h1", "h2", 0, NOW);

        List<String> keys = REDIS.connection().call(r -> r.keys(prefix + "*"));
        assertThat(keys).hasSize(4) // two tokens, the family, the user's set of families
                .allSatisfy(key -> assertThat(key).startsWith(prefix + "{u:" + ada + "}:"));
        for (String key : keys) {
            long ttl = REDIS.connection().call(r -> r.pttl(key));
            assertThat(ttl).as("PTTL of %s", key).isPositive()
                    .isLessThanOrEqualTo(java.time.Duration.between(NOW, EXPIRES).plus(RefreshTokenStore.RETENTION)
                            .toMillis());
        }
    }
}
