package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.out.SwitchRateLimiter;
import io.switchboard.domain.session.SessionId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class InMemorySwitchRateLimiterTest {
    static final Instant SECOND = Instant.parse("2026-01-01T00:00:10.000Z");
    final SessionId session = new SessionId(UUID.randomUUID());

    @Test
    void allowsTheLimitInOneSecondThenSaysHowLongToWait() {
        SwitchRateLimiter limiter = InMemorySessionAdapters.switchRateLimiter(3);

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire(session, SECOND.plusMillis(100 * i))).isEmpty();
        }

        assertThat(limiter.tryAcquire(session, SECOND.plusMillis(700))).contains(Duration.ofMillis(300));
        assertThat(limiter.tryAcquire(session, SECOND.plusMillis(1_000))).isEmpty();
    }

    @Test
    void sessionsHaveSeparateAllowances() {
        SwitchRateLimiter limiter = InMemorySessionAdapters.switchRateLimiter(1);

        assertThat(limiter.tryAcquire(session, SECOND)).isEmpty();
        assertThat(limiter.tryAcquire(new SessionId(UUID.randomUUID()), SECOND)).isEmpty();
        assertThat(limiter.tryAcquire(session, SECOND)).isPresent();
    }

    @Test
    void zeroMeansNoLimit() {
        SwitchRateLimiter limiter = InMemorySessionAdapters.switchRateLimiter(0);

        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.tryAcquire(session, SECOND)).isEmpty();
        }
    }
}
