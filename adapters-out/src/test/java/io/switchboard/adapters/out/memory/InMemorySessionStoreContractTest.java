package io.switchboard.adapters.out.memory;

import io.switchboard.adapters.out.SessionStoreContractTest;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.SessionStore;

import java.time.Duration;

class InMemorySessionStoreContractTest extends SessionStoreContractTest {
    @Override
    protected SessionStore newStore(Clock clock, Duration ttl, Duration maxLifetime, int maxPerOwner) {
        return InMemorySessionAdapters.sessionStore(clock, ttl, maxLifetime, maxPerOwner);
    }
}
