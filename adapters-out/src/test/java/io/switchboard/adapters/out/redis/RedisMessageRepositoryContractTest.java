package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.MessageRepositoryContractTest;
import io.switchboard.application.port.out.MessageRepository;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisMessageRepositoryContractTest extends MessageRepositoryContractTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Override
    protected MessageRepository newRepository() {
        return RedisAdapters.messageRepository(REDIS.connection(), RedisServerFixture.newKeyPrefix());
    }
}
