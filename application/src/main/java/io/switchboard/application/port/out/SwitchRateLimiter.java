package io.switchboard.application.port.out;

import io.switchboard.domain.session.SessionId;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** At most SWITCH_RATE_LIMIT switches per session per second, across all instances (0 = no limit). */
public interface SwitchRateLimiter {
    /**
     * Takes one switch from the session's allowance at {@code now}.
     *
     * @return empty when the switch may go ahead; otherwise how long until one may (nothing is taken then)
     */
    Optional<Duration> tryAcquire(SessionId session, Instant now);
}
