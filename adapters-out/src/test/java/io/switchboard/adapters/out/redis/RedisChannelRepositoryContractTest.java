package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.ChannelRepositoryContractTest;
import io.switchboard.application.port.out.ChannelRepository;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisChannelRepositoryContractTest extends ChannelRepositoryContractTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Override
    protected ChannelRepository newRepository() {
        return RedisAdapters.channelRepository(REDIS.connection(), RedisServerFixture.newKeyPrefix());
    }
}
