package io.switchboard.adapters.out.memory;

import io.switchboard.adapters.out.SwitchRateLimiterContractTest;
import io.switchboard.application.port.out.SwitchRateLimiter;

class InMemorySwitchRateLimiterTest extends SwitchRateLimiterContractTest {
    @Override
    protected SwitchRateLimiter newLimiter(int perSecond) {
        return InMemorySessionAdapters.switchRateLimiter(perSecond);
    }
}
