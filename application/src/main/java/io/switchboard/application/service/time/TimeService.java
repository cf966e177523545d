package io.switchboard.application.service.time;

import io.switchboard.application.port.in.time.GetServerTimeUseCase;
import io.switchboard.application.port.out.Clock;

import java.time.Instant;
import java.util.Objects;

public final class TimeService implements GetServerTimeUseCase {
    private final Clock clock;

    public TimeService(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Instant now() {
        return clock.now();
    }
}
