package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.UserRepositoryContractTest;
import io.switchboard.application.port.out.UserRepository;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisUserRepositoryContractTest extends UserRepositoryContractTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Override
    protected UserRepository newRepository() {
        return RedisAdapters.userRepository(REDIS.connection(), RedisServerFixture.newKeyPrefix());
    }
}
