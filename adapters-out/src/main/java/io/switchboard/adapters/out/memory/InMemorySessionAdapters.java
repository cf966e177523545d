package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.HealthCheck;
import io.switchboard.application.port.out.SessionStore;
import io.switchboard.application.port.out.SwitchRateLimiter;

import java.time.Duration;
import java.util.Optional;

/** Bootstrap's way to the in-memory session adapters (one process, no REDIS_URL). */
public final class InMemorySessionAdapters {
    private InMemorySessionAdapters() {
    }

    /**
     * @param clock the server clock (for the TTL)
     * @param ttl   SESSION_TTL_SECONDS: how long a session that is not running outlives its last change; zero = for ever
     */
    public static SessionStore sessionStore(Clock clock, Duration ttl) {
        return sessionStore(clock, ttl, Duration.ZERO, 0);
    }

    /**
     * @param maxLifetime SESSION_MAX_LIFETIME_SECONDS: any session is removed this long after its creation; zero = never
     * @param maxPerOwner SESSION_MAX_PER_OWNER: sessions one owner may hold; zero = no limit
     */
    public static SessionStore sessionStore(Clock clock, Duration ttl, Duration maxLifetime, int maxPerOwner) {
        return new InMemorySessionStore(clock, ttl, maxLifetime, maxPerOwner);
    }

    /** @param switchesPerSecond SWITCH_RATE_LIMIT per session; 0 = no limit */
    public static SwitchRateLimiter switchRateLimiter(int switchesPerSecond) {
        if (switchesPerSecond < 0) {
            throw new IllegalArgumentException("SWITCH_RATE_LIMIT must not be negative");
        }
        if (switchesPerSecond == 0) {
            return (session, now) -> Optional.empty();
        }
        return new InMemorySwitchRateLimiter(switchesPerSecond);
    }

    /** The `stateStore` health check of the in-memory stores (users, messages, sessions): always up. */
    public static HealthCheck healthCheck() {
        return InMemoryHealthChecks.stateStore();
    }
}
