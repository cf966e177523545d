package io.switchboard.bootstrap.session;

import java.util.Map;

class SessionLifetimeInMemoryTest extends SessionLifetimeTest {
    @Override
    Map<String, String> storeEnvironment() {
        return Map.of();
    }
}
