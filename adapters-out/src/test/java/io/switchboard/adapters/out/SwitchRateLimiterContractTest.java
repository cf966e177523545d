package io.switchboard.adapters.out;

import io.switchboard.application.port.out.SwitchRateLimiter;
import io.switchboard.domain.session.SessionId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link SwitchRateLimiter} promises: a fixed one-second window per session. */
public abstract class SwitchRateLimiterContractTest {
    protected static final Instant SECOND = Instant.parse("2026-01-01T00:00:10.000Z");
    protected final SessionId session = new SessionId(UUID.randomUUID());

    /** A fresh limiter allowing {@code perSecond} switches per session per second (0 = no limit). */
    protected abstract SwitchRateLimiter newLimiter(int perSecond);

    @Test
    void allowsTheLimitInOneSecondThenSaysHowLongToWait() {
        SwitchRateLimiter limiter = newLimiter(3);

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire(session, SECOND.plusMillis(100 * i))).isEmpty();
        }

        assertThat(limiter.tryAcquire(session, SECOND.plusMillis(700))).contains(Duration.ofMillis(300));
        assertThat(limiter.tryAcquire(session, SECOND.plusMillis(1_000))).isEmpty();
    }

    @Test
    void aRefusedSwitchTakesNothing() {
        SwitchRateLimiter limiter = newLimiter(2);
        limiter.tryAcquire(session, SECOND);
        limiter.tryAcquire(session, SECOND);

        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire(session, SECOND.plusMillis(500))).isPresent();
        }

        assertThat(limiter.tryAcquire(session, SECOND.plusMillis(1_000))).isEmpty();
        assertThat(limiter.tryAcquire(session, SECOND.plusMillis(1_001))).isEmpty();
        assertThat(limiter.tryAcquire(session, SECOND.plusMillis(1_002))).isPresent();
    }

    @Test
    void sessionsHaveSeparateAllowances() {
        SwitchRateLimiter limiter = newLimiter(1);

        assertThat(limiter.tryAcquire(session, SECOND)).isEmpty();
        assertThat(limiter.tryAcquire(new SessionId(UUID.randomUUID()), SECOND)).isEmpty();
        assertThat(limiter.tryAcquire(session, SECOND)).isPresent();
    }

    @Test
    void zeroMeansNoLimit() {
        SwitchRateLimiter limiter = newLimiter(0);

        for (int i = 0; i < 1_000; i++) {
            assertThat(limiter.tryAcquire(session, SECOND)).isEmpty();
        }
    }
}
