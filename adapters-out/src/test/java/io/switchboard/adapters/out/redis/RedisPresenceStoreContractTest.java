package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.PresenceStoreContractTest;
import io.switchboard.application.port.out.PresenceStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisPresenceStoreContractTest extends PresenceStoreContractTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Override
    protected PresenceStore newStore() {
        return RedisAdapters.presenceStore(REDIS.connection(), RedisServerFixture.newKeyPrefix());
    }
}
