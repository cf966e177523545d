package io.switchboard.adapters.out.memory;

import io.switchboard.adapters.out.UserConnectionsContractTest;
import io.switchboard.application.port.out.UserConnections;

class InMemoryUserConnectionsContractTest extends UserConnectionsContractTest {
    @Override
    protected UserConnections newCounter(int maxPerUser) {
        return InMemoryAdapters.userConnections(maxPerUser);
    }
}
