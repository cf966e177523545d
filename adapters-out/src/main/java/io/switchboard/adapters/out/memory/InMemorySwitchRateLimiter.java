package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.out.SwitchRateLimiter;
import io.switchboard.domain.session.SessionId;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed one-second window per session (the same shape as a Redis INCR on a per-second key): at most
 * {@code perSecond} switches in each calendar second. Windows of past seconds are dropped (at most once a second) once many sessions have one.
 */
final class InMemorySwitchRateLimiter implements SwitchRateLimiter {
    private static final int SWEEP_ABOVE = 10_000;

    private record Window(long second, int count) {
    }

    private final int perSecond;
    private final ConcurrentHashMap<SessionId, Window> windows = new ConcurrentHashMap<>();
    /** The second of the last sweep: at most one sweep per second, by one caller. */
    private final AtomicLong lastSweep = new AtomicLong(Long.MIN_VALUE);

    InMemorySwitchRateLimiter(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("at least one switch per second");
        }
        this.perSecond = perSecond;
    }

    @Override
    public Optional<Duration> tryAcquire(SessionId session, Instant now) {
        long nowMillis = now.toEpochMilli();
        long second = Math.floorDiv(nowMillis, 1000);
        boolean[] allowed = {false};
        windows.compute(session, (id, window) -> {
            if (window == null || window.second() != second) {
                allowed[0] = true;
                return new Window(second, 1);
            }
            if (window.count() < perSecond) {
                allowed[0] = true;
                return new Window(second, window.count() + 1);
            }
            return window;
        });
        long swept = lastSweep.get();
        if (windows.size() > SWEEP_ABOVE && second > swept && lastSweep.compareAndSet(swept, second)) {
            windows.values().removeIf(w -> w.second() < second);
        }
        return allowed[0] ? Optional.empty() : Optional.of(Duration.ofMillis((second + 1) * 1000 - nowMillis));
    }
}
