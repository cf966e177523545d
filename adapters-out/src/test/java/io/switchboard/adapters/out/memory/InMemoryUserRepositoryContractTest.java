package io.switchboard.adapters.out.memory;

import io.switchboard.adapters.out.UserRepositoryContractTest;
import io.switchboard.application.port.out.UserRepository;

class InMemoryUserRepositoryContractTest extends UserRepositoryContractTest {
    @Override
    protected UserRepository newRepository() {
        return InMemoryAdapters.userRepository();
    }
}
