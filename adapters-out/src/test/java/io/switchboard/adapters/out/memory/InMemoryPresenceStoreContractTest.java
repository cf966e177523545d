package io.switchboard.adapters.out.memory;

import io.switchboard.adapters.out.PresenceStoreContractTest;
import io.switchboard.application.port.out.PresenceStore;

class InMemoryPresenceStoreContractTest extends PresenceStoreContractTest {
    @Override
    protected PresenceStore newStore() {
        return InMemoryAdapters.presenceStore();
    }
}
