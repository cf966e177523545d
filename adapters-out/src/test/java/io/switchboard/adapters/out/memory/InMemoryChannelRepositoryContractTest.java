package io.switchboard.adapters.out.memory;

import io.switchboard.adapters.out.ChannelRepositoryContractTest;
import io.switchboard.application.port.out.ChannelRepository;

class InMemoryChannelRepositoryContractTest extends ChannelRepositoryContractTest {
    @Override
    protected ChannelRepository newRepository() {
        return InMemoryAdapters.channelRepository();
    }
}
