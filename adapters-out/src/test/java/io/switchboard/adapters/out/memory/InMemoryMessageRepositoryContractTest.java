package io.switchboard.adapters.out.memory;

import io.switchboard.adapters.out.MessageRepositoryContractTest;
import io.switchboard.application.port.out.MessageRepository;

class InMemoryMessageRepositoryContractTest extends MessageRepositoryContractTest {
    @Override
    protected MessageRepository newRepository() {
        return InMemoryAdapters.messageRepository();
    }
}
