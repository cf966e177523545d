package io.switchboard.adapters.out.memory;

import io.switchboard.adapters.out.InstanceRegistryContractTest;
import io.switchboard.application.port.out.InstanceRegistry;
import io.switchboard.application.testing.TestClock;

import java.time.Duration;

class InMemoryInstanceRegistryContractTest extends InstanceRegistryContractTest {
    private final TestClock clock = TestClock.at("2026-05-06T07:08:09.123Z");

    @Override
    protected InstanceRegistry newRegistry() {
        return InMemoryAdapters.instanceRegistry(clock);
    }

    @Override
    protected void let(Duration by) {
        clock.advance(by);
    }
}
